// layout.js: the frame around every screen: a skip link, the header with
// the navigation for the user's role, the inbox count, the language
// toggle and the account menu; the main region that views fill.
import { h, replace } from '../dom.js';
import { t, getLang, setLang } from '../i18n/index.js';
import { session, can, role, logout } from '../session.js';
import { navigate, refresh, currentPath } from '../router.js';
import { inboxCount } from '../views/inbox.js';

const main = h('main#main', { tabindex: '-1' });
const header = h('header.topbar');
const root = h('div.app', h('a.skip-link', { href: '#main' }, t('nav.skip')), header, main);

export function mount() {
	document.body.append(root);
	root.querySelector('.skip-link').addEventListener('click', (e) => {
		e.preventDefault();
		main.focus();
	});
}

function navItems() {
	const items = [];
	const r = role();
	if (!r) return items;
	if (r !== 'supplier' && r !== 'auditor') items.push(['/inbox', t('nav.inbox'), 'inbox']);
	if (r === 'supplier') {
		items.push(['/portal', t('nav.portal'), 'portal']);
		items.push(['/portal/reports', t('nav.my_reports'), 'reports']);
		items.push(['/portal/blocks', t('nav.blocks'), 'blocks']);
	}
	if (can('reports:read')) items.push(['/dashboard', t('nav.dashboard'), 'dashboard']);
	if (can('contracts:read') && r !== 'supplier') items.push(['/contracts', t('nav.contracts'), 'contracts']);
	if (can('openings:read')) items.push(['/openings', t('nav.openings'), 'openings']);
	if (can('matching:read')) items.push(['/matching', t('nav.matching'), 'matching']);
	if (can('candidates:read') && r !== 'supplier') items.push(['/candidates', t('nav.candidates'), 'candidates']);
	items.push(['/policies', t('nav.policies'), 'policies']);
	if (can('users:read')) items.push(['/admin', t('nav.admin'), 'admin']);
	return items;
}

export function renderHeader() {
	const path = currentPath();
	const user = session.user;
	const langButton = h('button.lang-toggle', {
		type: 'button',
		'aria-label': t('nav.language_label'),
		'data-testid': 'lang-toggle',
		onclick: () => {
			setLang(getLang() === 'nl' ? 'en' : 'nl');
			renderHeader();
			refresh();
		},
	}, getLang() === 'nl' ? 'EN' : 'NL');
	const brand = h('a.brand', { href: user ? '/' : '/login' },
		h('img', { src: '/assets/logo.svg', alt: '', width: '28', height: '28' }),
		h('span.brand-name', 'sroi'), h('span.brand-tag', t('app.tagline')));
	if (!user) {
		replace(header, h('div.topbar-inner', brand, h('div.topbar-tools', langButton)));
		return;
	}
	const links = navItems().map(([href, label, key]) => {
		const active = path === href || (href !== '/' && path.startsWith(`${href}/`) && !(href === '/portal' && path.startsWith('/portal/')));
		const a = h('a.nav-link', { href, 'aria-current': active ? 'page' : undefined, 'data-nav': key }, label);
		if (key === 'inbox') {
			const count = h('span.count', { 'data-testid': 'inbox-count', hidden: true });
			a.append(count);
			inboxCount().then((n) => {
				if (n > 0) {
					count.hidden = false;
					count.textContent = String(n);
					count.setAttribute('aria-label', t('inbox.count_label', { n }));
				}
			}).catch(() => {});
		}
		return a;
	});
	const menuButton = h('button.menu-toggle', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'primary-nav' }, h('span.sr-only', t('nav.menu')), h('span.burger', { 'aria-hidden': 'true' }));
	const nav = h('nav#primary-nav.primary-nav', { 'aria-label': t('nav.main') }, links);
	menuButton.addEventListener('click', () => {
		const open = menuButton.getAttribute('aria-expanded') !== 'true';
		menuButton.setAttribute('aria-expanded', String(open));
		nav.classList.toggle('open', open);
	});
	nav.addEventListener('click', (e) => {
		if (e.target.closest('a')) {
			nav.classList.remove('open');
			menuButton.setAttribute('aria-expanded', 'false');
		}
	});
	const who = h('div.user', h('span.user-email', user.email), h('span.user-role', t(`role.${user.role}`)));
	const out = h('button.btn.btn-ghost', {
		type: 'button',
		'data-testid': 'logout',
		onclick: async () => {
			await logout().catch(() => {});
			navigate('/login', { replace: true });
		},
	}, t('nav.logout'));
	replace(header, h('div.topbar-inner', brand, menuButton, nav, h('div.topbar-tools', who, langButton, out)));
}

export function setMain(node, { title } = {}) {
	replace(main, node);
	document.title = title ? `${title} · sroi` : 'sroi';
	const h1 = main.querySelector('h1');
	if (h1 && document.activeElement && document.activeElement !== document.body && !main.contains(document.activeElement)) h1.focus({ preventScroll: true });
}

export function mainEl() {
	return main;
}
