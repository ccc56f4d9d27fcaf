// login.js: signing in. In a demo database the demo accounts are listed
// (only when the API says so: GET /health `demo_logins`), each one click
// away from being filled in.
import { h, replace } from '../dom.js';
import { t } from '../i18n/index.js';
import { get } from '../api.js';
import { login, homePath } from '../session.js';
import { navigate } from '../router.js';
import { Form } from '../ui/form.js';
import { notice } from '../ui/widgets.js';
import * as v from '../validate.js';

// The accounts `sroi demo` creates (docs/security.md), shown only when the
// API reports a demo (`demo: true`) without listing them itself.
const DOCUMENTED_DEMO = ['administrator', 'consultant', 'buyer', 'jobcoach', 'supplier', 'auditor']
	.map((r) => ({ role: r, email: `${r}@demo.example`, password: `demo-${r}` }));

export async function loginView(params, query) {
	let needTotp = false;
	const form = new Form([
		{ name: 'email', label: t('login.email'), type: 'email', required: true, autocomplete: 'username', check: v.email },
		{ name: 'password', label: t('login.password'), type: 'password', required: true, autocomplete: 'current-password' },
	], {
		submitLabel: t('login.submit'),
		testid: 'login',
		onSubmit: async (values) => {
			try {
				await login(values.email, values.password, needTotp ? totpInput.value.trim() : undefined);
			} catch (err) {
				if (err.code === 'totp_required' && !needTotp) {
					needTotp = true;
					totpWrap.hidden = false;
					totpInput.focus();
					return;
				}
				if (err.status === 401 || err.status === 429) err.field = err.field === 'totp' ? err.field : '';
				throw err;
			}
			const next = query.next && query.next.startsWith('/') && !query.next.startsWith('//') ? query.next : homePath();
			navigate(next, { replace: true });
		},
	});
	const totpInput = h('input#login-totp', { name: 'totp', inputmode: 'numeric', autocomplete: 'one-time-code', 'aria-describedby': 'login-totp-hint' });
	const totpWrap = h('div.field', { hidden: true }, h('label', { for: 'login-totp' }, t('login.totp')), totpInput, h('p.field-hint#login-totp-hint', t('login.totp_hint')));
	form.el.querySelector('.form-grid').append(totpWrap);

	const demoBox = h('div.demo-box');
	get('/health').then((health) => {
		let list = Array.isArray(health.demo_logins) ? health.demo_logins : null;
		if (!list && health.demo === true) list = DOCUMENTED_DEMO;
		if (!list || !list.length) return;
		replace(demoBox, h('section.card.demo-logins', { 'aria-labelledby': 'demo-title', 'data-testid': 'demo-logins' },
			h('h2.card-title#demo-title', t('login.demo_title')),
			h('p.muted', t('login.demo_text')),
			h('ul.demo-list', list.map((d) => h('li', h('button.btn.btn-ghost.demo-user', {
				type: 'button',
				onclick: () => {
					form.setValue('email', d.email);
					form.setValue('password', d.password);
					form.submit.focus();
				},
			}, h('strong', t(`role.${d.role}`)), h('span', d.email)))))));
	}).catch(() => {});

	return h('div.login-page',
		h('div.login-panel',
			h('div.login-intro', h('h1', { tabindex: '-1' }, t('login.title')), h('p', t('login.intro'))),
			query.expired ? notice('warn', t('login.expired')) : null,
			form.el),
		demoBox);
}
