// widgets.js: small pieces every screen uses: badges, progress bars,
// figures, cards, notices, empty states, loading, toasts and dialogs.
import { h, replace } from '../dom.js';
import { t, tv } from '../i18n/index.js';
import { money, pct } from '../format.js';

export function badge(group, value) {
	if (value === null || value === undefined) return '';
	return h(`span.badge.badge-${String(value).replace(/[^a-z0-9_-]/gi, '')}`, tv(group, value));
}

// A bar of accepted (solid) and pending (striped) against an obligation.
// Widths are set through the CSSOM (the CSP forbids style attributes).
export function progress(accepted, pending, obligation, { label, compact = false } = {}) {
	const total = Number(obligation) || 0;
	const acc = Number(accepted) || 0;
	const pen = Number(pending) || 0;
	const accPct = total > 0 ? (acc / total) * 100 : 0;
	const penPct = total > 0 ? (pen / total) * 100 : 0;
	const bar = h('div.progress', {
		role: 'progressbar',
		'aria-valuemin': '0',
		'aria-valuemax': '100',
		'aria-valuenow': String(Math.round(Math.min(accPct, 100))),
		'aria-label': label || t('progress.label'),
		'aria-valuetext': total > 0 ? t('progress.valuetext', { pct: pct(accPct), pending: pct(penPct) }) : t('progress.none'),
	});
	const a = h('span.progress-accepted');
	const p = h('span.progress-pending');
	a.style.width = `${Math.min(accPct, 100)}%`;
	p.style.width = `${Math.max(0, Math.min(penPct, 100 - Math.min(accPct, 100)))}%`;
	bar.append(a, p);
	if (accPct < 50) bar.classList.add('progress-low');
	else if (accPct >= 100) bar.classList.add('progress-done');
	if (compact) {
		return h('div.progress-cell', bar, h('span.progress-text', total > 0 ? pct(accPct, 0) : '–'));
	}
	return h('div.progress-block', bar, h('div.progress-legend',
		h('span.legend-accepted', `${t('fig.accepted')} ${money(acc, { whole: true })}`),
		h('span.legend-pending', `${t('fig.pending')} ${money(pen, { whole: true })}`),
		h('span.legend-total', `${t('fig.obligation')} ${money(total, { whole: true })}`)));
}

export function figure(label, value, { sub, tone, testid } = {}) {
	return h(`div.figure${tone ? `.figure-${tone}` : ''}`, { 'data-testid': testid },
		h('div.figure-label', label), h('div.figure-value', value), sub ? h('div.figure-sub', sub) : null);
}

export function card(title, ...body) {
	const id = `card-${String(title).toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
	return h('section.card', { 'aria-labelledby': id }, h('h2.card-title', { id }, title), ...body);
}

export function notice(kind, ...text) {
	return h(`div.notice.notice-${kind}`, { role: kind === 'error' ? 'alert' : 'status' }, ...text);
}

export function empty(text) {
	return h('p.empty', text);
}

export function loading() {
	return h('div.loading', { role: 'status', 'aria-live': 'polite' }, h('span.spinner', { 'aria-hidden': 'true' }), t('common.loading'));
}

export function pageHeader(title, { sub, actions = [], back } = {}) {
	return h('div.page-header',
		back ? h('a.back', { href: back.href }, `← ${back.label}`) : null,
		h('div.page-header-row',
			h('div', h('h1', { tabindex: '-1', id: 'page-title' }, title), sub ? h('p.page-sub', sub) : null),
			actions.length ? h('div.actions', actions) : null));
}

// Toasts: one live region, announced to screen readers.
let toastRegion = null;
export function toast(text, kind = 'ok') {
	if (!toastRegion) {
		toastRegion = h('div.toasts', { role: 'status', 'aria-live': 'polite' });
		document.body.append(toastRegion);
	}
	const el = h(`div.toast.toast-${kind}`, text);
	toastRegion.append(el);
	setTimeout(() => el.remove(), 5000);
}

// A modal dialog (<dialog>, focus kept inside by the browser). content is
// a function (close) => Node; resolves with what close() was given.
export function dialog(title, content) {
	return new Promise((resolve) => {
		const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
		const d = h('dialog.dialog', { 'aria-labelledby': titleId });
		const close = (value) => {
			d.close();
			d.remove();
			resolve(value);
		};
		d.addEventListener('cancel', (e) => {
			e.preventDefault();
			close(null);
		});
		replace(d, h('div.dialog-head', h('h2', { id: titleId }, title),
			h('button.icon-button', { type: 'button', 'aria-label': t('common.close'), onclick: () => close(null) }, '×')),
		content(close));
		document.body.append(d);
		d.showModal();
		const first = d.querySelector('input, textarea, select');
		if (first) first.focus();
	});
}

export function errorBox(err) {
	if (err && err.status === 404) return notice('error', t('error.not_found'));
	if (err && err.status === 403) return notice('error', t('error.forbidden'));
	return notice('error', t('error.generic'), ' ', err && err.message ? `(${err.message})` : '');
}

export function dl(pairs, { cols = 1 } = {}) {
	return h(cols === 2 ? 'dl.facts.facts-2' : 'dl.facts', pairs.filter(Boolean).flatMap(([k, v]) => [h('dt', k), h('dd', v === null || v === undefined || v === '' ? '–' : v)]));
}

export function button(text, onclick, { kind = 'secondary', type = 'button', testid, disabled, label } = {}) {
	return h(`button.btn.btn-${kind}`, { type, onclick, 'data-testid': testid, disabled, 'aria-label': label }, text);
}

export function linkButton(text, href, { kind = 'secondary', testid } = {}) {
	return h(`a.btn.btn-${kind}`, { href, 'data-testid': testid }, text);
}
