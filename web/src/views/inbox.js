// inbox.js: what waits for the signed-in user, so that nothing depends on
// someone remembering an e-mail: realisations to verify, plans to agree,
// follow-ups due, proposals past the employer's deadline, contracts to
// award, early warnings. The header shows the total.
import { h } from '../dom.js';
import { t } from '../i18n/index.js';
import { get } from '../api.js';
import { can, role } from '../session.js';
import { today, date, money } from '../format.js';
import { pageHeader, card, empty, progress } from '../ui/widgets.js';
import { simpleTable } from '../ui/table.js';
import { contractName, candidateLabel, supplierName } from '../names.js';
import * as matching from '../matching_api.js';

const CAP = 100;
let cached = null;
let cachedAt = 0;

export function invalidateInbox() {
	cached = null;
}

// Each section: {key, title, items, more, columns, href}
async function sections() {
	const out = [];
	const jobs = [];
	const r = role();
	if (can('realisations:verify')) {
		jobs.push(get('/realisations', { status: 'reported', limit: CAP, sort: 'start_date' }).then((p) => out.push({
			key: 'verify', title: t('inbox.verify'), items: p.items, more: Boolean(p.next_cursor),
			columns: [
				{ label: t('field.contract'), render: (x) => contractName(x.contract_id) },
				{ label: t('field.kind'), render: (x) => t(`enum.realisation_kind.${x.kind}`) },
				{ label: t('field.start_date'), render: (x) => date(x.start_date) },
				{ label: t('field.value'), render: (x) => money(x.value_cents), numeric: true },
				{ label: '', render: (x) => h('a', { href: `/contracts/${x.contract_id}#realisation-${x.id}` }, t('inbox.open')) },
			],
		})));
	}
	if (can('plans:agree')) {
		jobs.push(get('/plan-items', { status: 'proposed', limit: CAP }).then((p) => out.push({
			key: 'plans', title: t('inbox.plans'), items: p.items, more: Boolean(p.next_cursor),
			columns: [
				{ label: t('field.contract'), render: (x) => contractName(x.contract_id) },
				{ label: t('field.block'), key: 'block_id' },
				{ label: t('field.quantity'), key: 'quantity', numeric: true },
				{ label: t('field.expected_value'), render: (x) => money(x.expected_value_cents), numeric: true },
			],
		})));
	}
	if (can('followups:write')) {
		jobs.push(get('/follow-ups', { employed: 'unknown', sort: 'due_date', limit: CAP }).then((p) => {
			const due = p.items.filter((f) => f.due_date && f.due_date <= today());
			out.push({
				key: 'followups', title: t('inbox.followups'), items: due, more: false, href: '/follow-ups',
				columns: [
					{ label: t('field.due_date'), render: (x) => date(x.due_date) },
					{ label: t('field.months'), render: (x) => t('followup.months', { n: x.months }) },
					{ label: '', render: () => h('a', { href: '/follow-ups' }, t('inbox.open')) },
				],
			});
		}));
	}
	if ((r === 'consultant' || r === 'jobcoach') && await matching.has(matching.routes.proposals)) {
		jobs.push(matching.proposals({ overdue: 'true', limit: CAP }).then((p) => out.push({
			key: 'overdue', title: t('inbox.overdue'), items: p.items || [], more: Boolean(p.next_cursor),
			columns: [
				{ label: t('field.opening'), render: (x) => h('a', { href: `/openings/${x.opening_id}` }, `#${x.opening_id}`) },
				{ label: t('field.candidate'), render: (x) => candidateLabel(x.candidate_id) },
				{ label: t('field.deadline'), render: (x) => date(x.answer_due ?? x.due_date ?? x.deadline) },
			],
		})).catch(() => {}));
	}
	if (r === 'buyer' || r === 'consultant') {
		jobs.push(get('/contracts', { status: 'draft', limit: CAP }).then((p) => out.push({
			key: 'award', title: t('inbox.award'), items: p.items, more: Boolean(p.next_cursor),
			columns: [
				{ label: t('field.reference'), render: (x) => h('a', { href: `/contracts/${x.id}` }, x.reference) },
				{ label: t('field.title'), key: 'title' },
				{ label: t('field.value'), render: (x) => money(x.value_cents, { whole: true }), numeric: true },
			],
		})));
	}
	await Promise.all(jobs);
	const order = ['verify', 'overdue', 'followups', 'plans', 'award'];
	out.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
	return out;
}

export async function inboxCount() {
	if (cached && Date.now() - cachedAt < 20000) return cached;
	cachedAt = Date.now();
	cached = sections().then((s) => s.reduce((n, x) => n + x.items.length, 0));
	return cached;
}

export async function inboxView() {
	const list = await sections();
	const total = list.reduce((n, x) => n + x.items.length, 0);
	cached = Promise.resolve(total);
	cachedAt = Date.now();
	const parts = [pageHeader(t('inbox.title'), { sub: total ? t('inbox.sub', { n: total }) : t('inbox.nothing') })];
	const summary = h('div.inbox-tiles', list.map((s) => h(`a.tile${s.items.length ? '' : '.tile-zero'}`, { href: `#inbox-${s.key}`, 'data-testid': `inbox-tile-${s.key}` },
		h('span.tile-count', s.more ? `${s.items.length}+` : String(s.items.length)), h('span.tile-label', s.title))));
	parts.push(summary);
	if (can('reports:read') && role() !== 'administrator') {
		const warn = await get('/reports/portfolio').then((p) => p.early_warnings || []).catch(() => []);
		if (warn.length) {
			parts.push(h('div', { id: 'inbox-warnings' }, card(t('inbox.warnings'), simpleTable([
				{ label: t('field.reference'), render: (x) => h('a', { href: `/contracts/${x.contract_id}` }, x.reference) },
				{ label: t('field.supplier'), render: (x) => supplierName(x.supplier_id) },
				{ label: t('field.progress'), render: (x) => progress(x.accepted_cents, x.pending_cents, x.obligation_cents, { compact: true }) },
			], warn.slice(0, 10)))));
		}
	}
	for (const s of list) {
		parts.push(h('div', { id: `inbox-${s.key}` }, card(`${s.title} (${s.more ? `${s.items.length}+` : s.items.length})`,
			s.items.length ? simpleTable(s.columns, s.items.slice(0, 25), { testid: `inbox-${s.key}` }) : empty(t('inbox.none_here')),
			s.href ? h('p', h('a', { href: s.href }, t('inbox.all'))) : null)));
	}
	return h('div.page', parts);
}
