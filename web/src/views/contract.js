// contract.js: one contract: its obligation and the policy version behind
// it, plan against realised, the realisations with accept / reject (with a
// reason) and their evidence, forecast and settlement, and the audit trail.
// Every figure comes from GET /contracts/{id}/summary.
import { h, replace } from '../dom.js';
import { t, tv } from '../i18n/index.js';
import { get, post, getAll } from '../api.js';
import { can, role } from '../session.js';
import { money, moneyShort, pct, date, dateTime, today, parseEuros } from '../format.js';
import { pageHeader, card, figure, progress, badge, button, dialog, toast, dl, empty, notice } from '../ui/widgets.js';
import { pagedTable, simpleTable } from '../ui/table.js';
import { Form } from '../ui/form.js';
import { chartBox, palette } from '../ui/charts.js';
import { supplierName, candidateLabel, remember } from '../names.js';
import { refresh } from '../router.js';
import { supplierOptions } from './contracts.js';
import { invalidateInbox } from './inbox.js';
import * as v from '../validate.js';

const NEXT_STEP = { awarded: 'start', running: 'end', ended: 'settle' };

async function awardDialog(c) {
	const suppliers = await supplierOptions();
	return dialog(t('contract.award_title', { ref: c.reference }), (close) => {
		const form = new Form([
			{ name: 'award_date', label: t('field.award_date'), type: 'date', required: true, value: today(), check: v.isoDate },
			{ name: 'supplier_id', label: t('field.supplier'), type: 'select', required: true, value: c.supplier_id ? String(c.supplier_id) : '', options: [['', t('common.choose')], ...suppliers] },
			{ name: 'opt_in', label: t('contract.opt_in'), type: 'checkbox', hint: t('contract.opt_in_hint') },
			{ name: 'deviation_percentage', label: t('contract.deviation_pct'), inputmode: 'decimal', check: v.percentage, hint: t('contract.deviation_hint') },
			{ name: 'deviation_reason', label: t('contract.deviation_reason'), type: 'textarea', rows: 2, check: (x, all) => (all.deviation_percentage && !x ? 'val.required' : null) },
			{ name: 'prequalification_reason', label: t('contract.prequalification_reason'), type: 'textarea', rows: 2 },
		], {
			submitLabel: t('contract.award'),
			testid: 'award-form',
			cancel: h('button.btn.btn-ghost', { type: 'button', onclick: () => close(null) }, t('common.cancel')),
			onSubmit: async (x) => {
				const body = { award_date: x.award_date, supplier_id: Number(x.supplier_id) };
				if (x.opt_in) body.opt_in = true;
				if (x.deviation_percentage) {
					body.deviation_percentage = Number(x.deviation_percentage.replace(',', '.'));
					body.deviation_reason = x.deviation_reason;
				}
				if (x.prequalification_reason) body.prequalification_reason = x.prequalification_reason;
				close(await post(`/contracts/${c.id}/award`, body));
			},
		});
		return form.el;
	});
}

function rejectDialog(r) {
	return dialog(t('real.reject_title'), (close) => {
		const form = new Form([
			{ name: 'reason', label: t('real.reject_reason'), type: 'textarea', required: true, rows: 3, hint: t('real.reject_hint') },
		], {
			submitLabel: t('real.reject'),
			testid: 'reject-form',
			cancel: h('button.btn.btn-ghost', { type: 'button', onclick: () => close(null) }, t('common.cancel')),
			onSubmit: async (x) => close(await post(`/realisations/${r.id}/reject`, { reason: x.reason })),
		});
		return form.el;
	});
}

function evidenceCell(r) {
	const cell = h('span.evidence', h('span.muted', '…'));
	get(`/realisations/${r.id}/evidence`).then((e) => {
		const items = e.items || [];
		if (!items.length) return replace(cell, h('span.muted', t('real.no_evidence')));
		return replace(cell, items.map((x) => h('a.evidence-link', { href: `/api/v1/evidence/${x.id}`, download: x.filename || true, 'data-testid': 'evidence-link' },
			h('span.file-type', { 'aria-hidden': 'true' }, (x.content_type || '').includes('pdf') ? 'PDF' : 'IMG'), ' ', x.filename || t('real.evidence'))));
	}).catch(() => replace(cell, '–'));
	return cell;
}

export function realisationColumns({ onChange, contractPage = true } = {}) {
	const cols = [
		{ label: t('field.start_date'), sort: 'start_date', render: (r) => h('span', { id: `realisation-${r.id}` }, date(r.start_date)) },
		{ label: t('field.kind'), render: (r) => h('span', tv('enum.realisation_kind', r.kind), r.explanation && r.explanation.block_label ? h('span.sub', r.explanation.block_label) : null) },
		{ label: t('field.candidate'), render: (r) => candidateLabel(r.candidate_id) },
		{ label: t('field.hours_per_week'), numeric: true, render: (r) => (r.hours_per_week ?? '–') },
		{ label: t('field.value'), numeric: true, sort: 'value_cents', render: (r) => (r.refusal ? h('span.refusal', tv('enum.refusal', r.refusal)) : money(r.value_cents)) },
		{ label: t('field.status'), sort: 'status', render: (r) => h('span', badge('enum.realisation_status', r.status), r.reject_reason ? h('span.sub', r.reject_reason) : null) },
		{ label: t('real.evidence'), render: (r) => evidenceCell(r) },
	];
	if (!contractPage) cols.splice(0, 0, { label: t('field.contract'), render: (r) => h('a', { href: `/contracts/${r.contract_id}` }, `#${r.contract_id}`) });
	if (can('realisations:verify') && onChange) {
		cols.push({
			label: t('common.actions'),
			render: (r) => (r.status !== 'reported' ? '' : h('div.row-actions',
				button(t('real.accept'), async () => {
					await post(`/realisations/${r.id}/accept`, {});
					invalidateInbox();
					toast(t('real.accepted_toast'));
					onChange();
				}, { kind: 'primary', testid: `accept-${r.id}`, label: t('real.accept_label', { id: r.id }) }),
				button(t('real.reject'), async () => {
					const done = await rejectDialog(r);
					if (done) {
						invalidateInbox();
						toast(t('real.rejected_toast'));
						onChange();
					}
				}, { kind: 'danger', testid: `reject-${r.id}`, label: t('real.reject_label', { id: r.id }) }))),
		});
	}
	return cols;
}

function planVersusRealised(summary, policy, planItems) {
	const blocks = new Map(((policy && policy.document && policy.document.valuation && policy.document.valuation.blocks) || []).map((b) => [b.id, b]));
	const kinds = new Map();
	const row = (k) => {
		if (!kinds.has(k)) kinds.set(k, { kind: k, planned: 0, accepted: 0, pending: 0 });
		return kinds.get(k);
	};
	for (const p of planItems) row(blocks.get(p.block_id)?.kind || 'custom').planned += p.expected_value_cents || 0;
	for (const [k, x] of Object.entries(summary.by_kind || {})) {
		row(k).accepted += x.accepted_cents || 0;
		row(k).pending += x.pending_cents || 0;
	}
	return [...kinds.values()];
}

export async function contractView(params) {
	const id = Number(params.id);
	const c = await get(`/contracts/${id}`);
	remember('contracts', c);
	const awarded = c.status !== 'draft';
	const [summary, policy, planItems] = await Promise.all([
		awarded ? get(`/contracts/${id}/summary`) : null,
		c.policy_id ? get(`/policies/${c.policy_id}`).catch(() => null) : null,
		can('plans:read') ? getAll('/plan-items', { contract_id: id }, 500).catch(() => []) : [],
	]);
	const page = h('div.page.contract-page', { 'data-testid': 'contract-page' });

	const actions = [];
	if (can('contracts:write')) {
		if (c.status === 'draft') {
			actions.push(button(t('contract.award'), async () => {
				const done = await awardDialog(c);
				if (done) {
					toast(t('contract.awarded_toast'));
					refresh();
				}
			}, { kind: 'primary', testid: 'award' }));
		} else if (NEXT_STEP[c.status]) {
			const step = NEXT_STEP[c.status];
			actions.push(button(t(`contract.step_${step}`), async () => {
				try {
					await post(`/contracts/${id}/${step}`, {});
					toast(t('contract.step_done'));
					refresh();
				} catch (err) {
					toast(err.message, 'error');
				}
			}, { kind: 'secondary', testid: `step-${step}` }));
		}
	}
	if (role() === 'supplier' && awarded) actions.push(h('a.btn.btn-primary', { href: `/portal/report?contract_id=${id}` }, t('portal.report')));
	const backHref = role() === 'supplier' ? '/portal' : '/contracts';
	page.append(pageHeader(`${c.reference} · ${c.title}`, {
		sub: h('span.header-badges', badge('enum.contract_status', c.status), ' ', tv('enum.contract_kind', c.kind), ' · ', supplierName(c.supplier_id)),
		actions,
		back: { href: backHref, label: role() === 'supplier' ? t('nav.portal') : t('contracts.title') },
	}));

	if (!awarded) {
		page.append(notice('info', t('contract.draft_note')));
	} else if (summary.unit === 'hours') {
		page.append(notice('info', t('contract.hours_unit')));
	} else {
		page.append(h('section.figures', { 'aria-label': t('dash.figures'), 'data-testid': 'contract-figures' },
			figure(t('fig.obligation'), money(c.obligation_cents, { whole: true }), { sub: c.sr_percentage !== null ? t('contract.pct_of_value', { pct: pct(c.sr_percentage, 2), value: moneyShort(c.value_cents) }) : '', testid: 'fig-obligation' }),
			figure(t('fig.accepted'), money(summary.accepted_cents, { whole: true }), { tone: 'good', testid: 'fig-accepted', sub: summary.whole ? t('contract.whole', { v: money(summary.whole.accepted_cents, { whole: true }) }) : '' }),
			figure(t('fig.pending'), money(summary.pending_cents, { whole: true }), { tone: 'warn', testid: 'fig-pending', sub: summary.whole ? t('contract.whole', { v: money(summary.whole.pending_cents, { whole: true }) }) : '' }),
			figure(t('fig.realisation'), pct(summary.realisation_pct), { tone: summary.early_warning ? 'bad' : 'good', sub: summary.early_warning ? t('contract.early_warning') : '', testid: 'fig-realisation' }),
			figure(t('fig.forecast'), money(summary.forecast_cents, { whole: true }), { sub: pct(summary.forecast_pct) })));
		page.append(card(t('dash.progress'), progress(summary.accepted_cents, summary.pending_cents, summary.obligation_cents, { label: t('contract.progress_of', { ref: c.reference }) })));
	}

	// Obligation and facts.
	const ex = c.obligation_explanation || {};
	const grid = h('div.grid-2');
	grid.append(card(t('contract.obligation'), awarded ? dl([
		[t('fig.obligation'), money(c.obligation_cents)],
		[t('contract.percentage'), c.sr_percentage === null ? '–' : `${pct(c.sr_percentage, 2)} (${tv('enum.pct_source', ex.pct_source || '')})`],
		[t('contract.policy'), policy ? h('a', { href: `/policies/${policy.id}`, 'data-testid': 'policy-link' }, `${policy.name} · ${t('policy.version')} ${policy.version}`) : (c.policy_id ? `#${c.policy_id}` : '–')],
		[t('contract.reason'), ex.reason || '–'],
		c.deviation_percentage !== null ? [t('contract.deviation_pct'), `${pct(c.deviation_percentage, 2)}: ${c.deviation_reason || ''}`] : null,
		c.opt_in ? [t('contract.opt_in'), t('common.yes')] : null,
		ex.pso && ex.pso.applied ? [t('contract.pso'), t('contract.pso_applied', { rung: ex.pso.rung, pct: ex.pso.discount_pct })] : null,
		ex.capped ? [t('contract.cap'), money(ex.cap_cents)] : null,
	]) : notice('info', t('contract.draft_note'))));
	grid.append(card(t('contract.details'), dl([
		[t('field.kind'), tv('enum.contract_kind', c.kind)],
		[t('field.value'), money(c.value_cents)],
		[t('contract.term'), `${date(c.start_date)} – ${date(c.end_date)}`],
		[t('field.award_date'), date(c.award_date)],
		[t('field.department'), c.department],
		[t('field.cpv_code'), c.cpv_code],
		[t('field.labour_share_pct'), c.labour_share_pct === null ? '–' : `${c.labour_share_pct}%`],
		[t('field.supplier'), supplierName(c.supplier_id)],
	])));
	page.append(grid);

	// Plan against realised.
	if (awarded && summary.unit !== 'hours') {
		const rows = planVersusRealised(summary, policy, planItems);
		const planCard = card(t('contract.plan_vs_real'),
			rows.length ? chartBox(t('contract.plan_vs_real'), {
				type: 'bar',
				data: {
					labels: rows.map((r) => tv('enum.realisation_kind', r.kind)),
					datasets: [
						{ label: t('contract.planned'), data: rows.map((r) => r.planned / 100), backgroundColor: '#c9d3dc' },
						{ label: t('fig.accepted'), data: rows.map((r) => r.accepted / 100), backgroundColor: palette.accepted },
						{ label: t('fig.pending'), data: rows.map((r) => r.pending / 100), backgroundColor: palette.pending },
					],
				},
				options: { scales: { y: { ticks: { callback: (x) => moneyShort(x * 100) } } } },
			}, rows.map((r) => [tv('enum.realisation_kind', r.kind), `${money(r.planned, { whole: true })} / ${money(r.accepted, { whole: true })}`]), { testid: 'chart-plan', height: 220 }) : empty(t('contract.no_plan')),
			planTable(planItems, policy));
		page.append(planCard);
	}

	// Realisations.
	if (can('realisations:read')) {
		let table;
		const cols = realisationColumns({ onChange: () => refresh() });
		table = pagedTable({
			testid: 'realisations-table',
			caption: t('contract.realisations'),
			defaultSort: '-start_date',
			columns: cols,
			fetchPage: ({ cursor, sort, limit }) => get('/realisations', { contract_id: id, cursor, sort, limit }),
			emptyText: t('contract.no_realisations'),
		});
		page.append(card(t('contract.realisations'), table.el));
	}

	// Forecast and settlement.
	if (awarded && summary.unit !== 'hours') {
		page.append(card(t('contract.settlement'), dl([
			[t('fig.forecast'), `${money(summary.forecast_cents)} (${pct(summary.forecast_pct)})`],
			[t('contract.shortfall'), money(summary.shortfall_cents)],
			[t('contract.settlement_date'), date(summary.settlement_date)],
			[t('contract.settlement_due'), summary.settlement_due ? t('common.yes') : t('common.no')],
			[t('contract.settlement_amount'), money(summary.settlement_cents)],
			[t('contract.exempted'), summary.exempted ? t('common.yes') : t('common.no')],
			[t('fig.rejected'), money(summary.rejected_cents)],
		])));
	}

	// Audit trail.
	if (can('audit:read')) {
		const audit = pagedTable({
			testid: 'audit-table',
			caption: t('contract.audit'),
			defaultSort: '-at',
			columns: [
				{ label: t('audit.at'), render: (a) => dateTime(a.at) },
				{ label: t('audit.actor'), key: 'actor' },
				{ label: t('audit.action'), render: (a) => tv('enum.audit_action', a.action) },
				{ label: t('audit.changes'), render: (a) => changesList(a.changes) },
			],
			fetchPage: ({ cursor, sort, limit }) => get('/audit', { entity_id: id, cursor, sort, limit }),
			pageSize: 10,
			emptyText: t('contract.no_audit'),
		});
		page.append(card(t('contract.audit'), audit.el));
	}
	return page;
}

// An audit entry's changes, readable: "status: awarded → running".
function changesList(changes) {
	if (!changes || typeof changes !== 'object') return '';
	const short = (v) => {
		if (v === null || v === undefined) return '–';
		const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
		return s.length > 40 ? `${s.slice(0, 39)}…` : s;
	};
	const rows = Object.entries(changes).slice(0, 6).map(([k, v]) => (v && typeof v === 'object' && ('after' in v || 'before' in v)
		? h('li', h('span.change-key', k), ': ', short(v.before), ' → ', short(v.after))
		: h('li', h('span.change-key', k), ': ', short(v))));
	const more = Object.keys(changes).length > 6 ? h('li.muted', t('audit.more', { n: Object.keys(changes).length - 6 })) : null;
	return h('ul.changes', rows, more);
}

function planTable(items, policy) {
	const labels = new Map(((policy && policy.document && policy.document.valuation && policy.document.valuation.blocks) || []).map((b) => [b.id, b.label]));
	return simpleTable([
		{ label: t('field.block'), render: (p) => labels.get(p.block_id) || p.block_id },
		{ label: t('field.description'), key: 'description' },
		{ label: t('field.quantity'), key: 'quantity', numeric: true },
		{ label: t('field.expected_value'), render: (p) => money(p.expected_value_cents, { whole: true }), numeric: true },
		{ label: t('field.status'), render: (p) => h('span', badge('enum.plan_status', p.status), can('plans:agree') && p.status === 'proposed'
			? button(t('plan.agree'), async () => {
				await post(`/plan-items/${p.id}/agree`, {});
				toast(t('plan.agreed_toast'));
				invalidateInbox();
				refresh();
			}, { kind: 'secondary', testid: `agree-${p.id}` }) : null) },
	], items, { emptyText: t('contract.no_plan') });
}

