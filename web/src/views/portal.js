// portal.js: the supplier portal: its contracts and their progress, the
// proposals waiting for its answer, its openings, the menu of building
// blocks with their values and what a planned mix would yield
// (POST /calc), reporting a realisation with evidence, and the status of
// each report.
import { h, replace } from '../dom.js';
import { t, tv } from '../i18n/index.js';
import { api, get, getAll, post } from '../api.js';
import { can, session } from '../session.js';
import { money, moneyShort, pct, date, num, today, parseEuros } from '../format.js';
import { pageHeader, card, badge, button, dl, empty, notice, toast, linkButton, progress, dialog, figure } from '../ui/widgets.js';
import { pagedTable, simpleTable } from '../ui/table.js';
import { Form } from '../ui/form.js';
import { candidateLabel } from '../names.js';
import { navigate, refresh } from '../router.js';
import { fillProgress } from './contracts.js';
import { realisationColumns } from './contract.js';
import { proposalColumns } from './openings.js';
import * as matching from '../matching_api.js';
import * as v from '../validate.js';

const MAX_EVIDENCE = 10 * 1024 * 1024;
const EVIDENCE_TYPES = ['application/pdf', 'image/png', 'image/jpeg'];
const REAL_KINDS = ['hire', 'internship', 'bbl', 'bol', 'training', 'purchase', 'hours', 'costs', 'custom'];
const PERIOD_KINDS = ['hire', 'internship', 'bbl', 'bol'];

export function checkEvidence(file) {
	if (!file) return null;
	if (file.size > MAX_EVIDENCE) return 'val.file_size';
	if (file.type && !EVIDENCE_TYPES.includes(file.type)) return 'val.file_type';
	return null;
}

export function uploadEvidence(realisationId, file) {
	return api('POST', `/realisations/${realisationId}/evidence`, { raw: file, query: { filename: file.name } });
}

function evidenceDialog(r) {
	return dialog(t('real.add_evidence'), (close) => new Form([
		{ name: 'file', label: t('real.evidence_file'), type: 'file', required: true, accept: '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg', check: checkEvidence, hint: t('real.evidence_hint') },
	], {
		submitLabel: t('real.upload'),
		testid: 'evidence-form',
		cancel: h('button.btn.btn-ghost', { type: 'button', onclick: () => close(null) }, t('common.cancel')),
		onSubmit: async (x) => close(await uploadEvidence(r.id, x.file)),
	}).el);
}

export async function portalView() {
	const page = h('div.page', { 'data-testid': 'portal' });
	const supplier = session.user.supplier_id ? await get(`/suppliers/${session.user.supplier_id}`).catch(() => null) : null;
	page.append(pageHeader(supplier ? supplier.name : t('nav.portal'), {
		sub: t('portal.sub'),
		actions: [linkButton(t('portal.report'), '/portal/report', { kind: 'primary', testid: 'report-realisation' }), linkButton(t('nav.blocks'), '/portal/blocks')],
	}));

	const contracts = pagedTable({
		testid: 'portal-contracts',
		caption: t('portal.contracts'),
		rowHref: true,
		columns: [
			{ label: t('field.reference'), render: (c) => h('a', { href: `/contracts/${c.id}` }, c.reference) },
			{ label: t('field.title'), render: (c) => h('span.clamp', c.title) },
			{ label: t('field.status'), render: (c) => badge('enum.contract_status', c.status) },
			{ label: t('fig.obligation'), numeric: true, render: (c) => money(c.obligation_cents, { whole: true }) },
			{ label: t('field.progress'), render: () => h('span.muted', '…') },
		],
		fetchPage: ({ cursor, limit }) => get('/contracts', { cursor, limit, sort: '-start_date' }),
		afterRender: (items, rows) => fillProgress(items, rows, 4),
		emptyText: t('portal.no_contracts'),
	});
	page.append(card(t('portal.contracts'), contracts.el));

	if (await matching.has(matching.routes.proposals)) {
		const proposals = pagedTable({
			testid: 'portal-proposals',
			caption: t('portal.proposals'),
			columns: proposalColumns(() => refresh(), { showOpening: true }),
			fetchPage: ({ cursor, limit }) => matching.proposals({ cursor, limit }),
			emptyText: t('match.no_proposals'),
		});
		page.append(card(t('portal.proposals'), h('p.muted', t('portal.proposals_text')), proposals.el));
	}

	const rejected = await get('/realisations', { status: 'rejected', limit: 10 }).catch(() => ({ items: [] }));
	if (rejected.items.length) {
		page.append(card(t('portal.attention'), simpleTable([
			{ label: t('field.contract'), render: (r) => h('a', { href: `/contracts/${r.contract_id}` }, `#${r.contract_id}`) },
			{ label: t('field.kind'), render: (r) => tv('enum.realisation_kind', r.kind) },
			{ label: t('field.start_date'), render: (r) => date(r.start_date) },
			{ label: t('real.reject_reason'), key: 'reject_reason' },
		], rejected.items)));
	}

	const openings = pagedTable({
		testid: 'portal-openings',
		caption: t('openings.title'),
		columns: [
			{ label: t('field.title'), render: (o) => h('a', { href: `/openings/${o.id}` }, o.title || `#${o.id}`) },
			{ label: t('field.kind'), render: (o) => tv('enum.opening_kind', o.kind) },
			{ label: t('field.positions'), key: 'positions', numeric: true },
			{ label: t('field.start_date'), render: (o) => date(o.start_date) },
			{ label: t('field.status'), render: (o) => badge('enum.opening_status', o.status) },
		],
		fetchPage: ({ cursor, limit }) => get('/openings', { cursor, limit }),
		pageSize: 10,
		emptyText: t('portal.no_openings'),
	});
	page.append(card(t('openings.title'), can('openings:write') ? h('p', linkButton(t('openings.new'), '/openings/new')) : null, openings.el));
	return page;
}

export async function reportsView(params, query) {
	const page = h('div.page');
	page.append(pageHeader(t('nav.my_reports'), { sub: t('portal.reports_sub'), actions: [linkButton(t('portal.report'), '/portal/report', { kind: 'primary' })] }));
	const contracts = await getAll('/contracts', {}, 500).catch(() => []);
	const filters = { contract_id: query.contract_id || '', status: query.status || '' };
	const contractSel = h('select#rep-contract', h('option', { value: '' }, t('common.all')), contracts.map((c) => h('option', { value: String(c.id), selected: filters.contract_id === String(c.id) }, `${c.reference} · ${c.title}`)));
	const statusSel = h('select#rep-status', h('option', { value: '' }, t('common.all')), ['reported', 'accepted', 'rejected'].map((s) => h('option', { value: s, selected: filters.status === s }, tv('enum.realisation_status', s))));
	const cols = realisationColumns({ contractPage: false });
	cols.push({
		label: t('common.actions'),
		render: (r) => (r.status === 'reported' && can('realisations:report') ? button(t('real.add_evidence'), async () => {
			if (await evidenceDialog(r)) {
				toast(t('real.evidence_added'));
				table.reload();
			}
		}, { testid: `add-evidence-${r.id}` }) : ''),
	});
	const table = pagedTable({
		testid: 'reports-table',
		caption: t('nav.my_reports'),
		defaultSort: '-start_date',
		columns: cols,
		fetchPage: ({ cursor, sort, limit }) => get('/realisations', { ...filters, cursor, sort, limit }),
		emptyText: t('portal.no_reports'),
	});
	const apply = () => {
		filters.contract_id = contractSel.value;
		filters.status = statusSel.value;
		table.reload();
	};
	contractSel.addEventListener('change', apply);
	statusSel.addEventListener('change', apply);
	page.append(h('div.filters', h('div.filter.filter-grow', h('label', { for: 'rep-contract' }, t('field.contract')), contractSel),
		h('div.filter', h('label', { for: 'rep-status' }, t('field.status')), statusSel)));
	page.append(card(t('nav.my_reports'), table.el));
	return page;
}

export async function reportNewView(params, query) {
	const contracts = (await getAll('/contracts', {}, 500)).filter((c) => c.status !== 'draft' && c.status !== 'settled');
	const candidates = await getAll('/candidates', {}, 500).catch(() => []);
	const form = new Form([
		{ name: 'contract_id', label: t('field.contract'), type: 'select', required: true, value: query.contract_id || '', options: [['', t('common.choose')], ...contracts.map((c) => [String(c.id), `${c.reference} · ${c.title}`])] },
		{ name: 'kind', label: t('field.kind'), type: 'select', required: true, value: query.kind || '', options: [['', t('common.choose')], ...REAL_KINDS.map((k) => [k, tv('enum.realisation_kind', k)])] },
		{ name: 'candidate_id', label: t('field.candidate'), type: 'select', value: query.candidate_id || '', options: [['', t('portal.no_candidate')], ...candidates.map((c) => [String(c.id), t('candidate.pseudonym', { id: c.id })])], hint: t('portal.candidate_hint') },
		{ name: 'start_date', label: t('field.start_date'), type: 'date', check: v.isoDate },
		{ name: 'end_date', label: t('field.end_date'), type: 'date', check: (x, all) => v.isoDate(x) || v.dateRange(all.start_date, x) },
		{ name: 'hours_per_week', label: t('field.hours_per_week'), inputmode: 'decimal', check: (x) => v.hours(x) },
		{ name: 'level', label: t('field.level'), type: 'select', options: [['', t('common.choose')], ['1', 'mbo 1'], ['2', 'mbo 2'], ['3', 'mbo 3'], ['4', 'mbo 4'], ['hbo', 'hbo']] },
		{ name: 'permanent_contract', label: t('field.permanent_contract'), type: 'checkbox' },
		{ name: 'invoice', label: t('field.invoice_eur'), inputmode: 'decimal', apiNames: ['invoice_cents'], check: (x) => (parseEuros(x) === null || parseEuros(x) < 0 ? 'val.amount' : null) },
		{ name: 'supplier_category', label: t('field.supplier_category'), type: 'select', options: [['', t('common.choose')], ...['social_enterprise', 'pso_certified', 'sheltered_work', 'regular'].map((k) => [k, tv('enum.supplier_category', k)])] },
		{ name: 'amount', label: t('field.amount_eur'), inputmode: 'decimal', apiNames: ['amount_cents'], check: (x) => (parseEuros(x) === null || parseEuros(x) < 0 ? 'val.amount' : null) },
		{ name: 'hours', label: t('field.hours'), inputmode: 'decimal', check: (x) => v.hours(x, 100000) },
		{ name: 'subcontractor_name', label: t('field.subcontractor_name') },
		{ name: 'subcontractor_kvk', label: t('field.subcontractor_kvk'), inputmode: 'numeric', check: v.kvk },
		{ name: 'evidence', label: t('real.evidence_file'), type: 'file', accept: '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg', check: checkEvidence, hint: t('real.evidence_hint') },
	], {
		submitLabel: t('portal.submit_report'),
		testid: 'report-form',
		cancel: h('a.btn.btn-ghost', { href: '/portal' }, t('common.cancel')),
		onSubmit: async (x) => {
			const body = { contract_id: Number(x.contract_id), kind: x.kind };
			const isPeriod = PERIOD_KINDS.includes(x.kind);
			if (x.candidate_id) body.candidate_id = Number(x.candidate_id);
			if (x.start_date) body.start_date = x.start_date;
			if (x.end_date) body.end_date = x.end_date;
			if (isPeriod && x.hours_per_week) body.hours_per_week = Number(x.hours_per_week.replace(',', '.'));
			if ((x.kind === 'bbl' || x.kind === 'bol') && x.level) body.level = x.level;
			if (x.kind === 'hire') body.permanent_contract = x.permanent_contract;
			if (x.kind === 'purchase') {
				body.invoice_cents = parseEuros(x.invoice);
				if (x.supplier_category) body.supplier_category = x.supplier_category;
			}
			if (['training', 'costs', 'custom'].includes(x.kind) && x.amount) body.amount_cents = parseEuros(x.amount);
			if (x.kind === 'hours' && x.hours) body.hours = Number(x.hours.replace(',', '.'));
			if (x.subcontractor_name) body.subcontractor_name = x.subcontractor_name;
			if (x.subcontractor_kvk) body.subcontractor_kvk = x.subcontractor_kvk;
			const r = await post('/realisations', body);
			if (x.evidence) {
				try {
					await uploadEvidence(r.id, x.evidence);
				} catch (err) {
					toast(t('real.evidence_failed', { msg: err.message }), 'error');
					navigate('/portal/reports');
					return;
				}
			}
			toast(t('portal.reported_toast'));
			navigate(`/portal/reports?contract_id=${body.contract_id}`);
		},
	});
	const kindSel = form.fields.get('kind').input;
	const sync = () => {
		const k = kindSel.value;
		const period = PERIOD_KINDS.includes(k);
		form.show('candidate_id', period || k === 'training' || k === '');
		form.show('start_date', true);
		form.show('end_date', period || k === '' || k === 'training' || k === 'custom');
		form.show('hours_per_week', period || k === '');
		form.show('level', k === 'bbl' || k === 'bol');
		form.show('permanent_contract', k === 'hire');
		form.show('invoice', k === 'purchase');
		form.show('supplier_category', k === 'purchase');
		form.show('amount', ['training', 'costs', 'custom'].includes(k));
		form.show('hours', k === 'hours');
		const f = (n) => form.fields.get(n).spec;
		f('start_date').required = period;
		f('end_date').required = period;
		f('hours_per_week').required = period;
		f('invoice').required = k === 'purchase';
		f('amount').required = ['training', 'costs', 'custom'].includes(k);
		f('hours').required = k === 'hours';
	};
	kindSel.addEventListener('change', sync);
	sync();
	return h('div.page', pageHeader(t('portal.report'), { sub: t('portal.report_sub'), back: { href: '/portal', label: t('nav.portal') } }), card(t('portal.report_details'), form.el));
}

// The menu of building blocks of a policy, and a planned mix evaluated with POST /calc.
function blockValue(b) {
	const val = b.value || {};
	switch (val.rule) {
	case 'per_year': return t('blocks.per_year', { v: money(val.per_year_cents, { whole: true }) });
	case 'per_hour': return t('blocks.per_hour', { v: money(val.per_hour_cents) });
	case 'invoice_share': return t('blocks.invoice_share', { v: Object.entries(val.share_pct || {}).map(([k, p]) => `${tv('enum.supplier_category', k)} ${p}%`).join(', ') });
	case 'costs_incurred': return t('blocks.costs');
	case 'fixed': return t('blocks.fixed', { v: money(val.fixed_cents) });
	default: return val.rule || '–';
	}
}

async function policiesForSupplier() {
	const contracts = await getAll('/contracts', {}, 500).catch(() => []);
	const ids = [...new Set(contracts.map((c) => c.policy_id).filter(Boolean))];
	const policies = await Promise.all(ids.map((id) => get(`/policies/${id}`).catch(() => null)));
	return { contracts, policies: policies.filter(Boolean) };
}

export async function blocksView(params, query) {
	const { contracts, policies } = await policiesForSupplier();
	let list = policies;
	if (!list.length) {
		const orgs = await get('/organisations').catch(() => ({ items: [] }));
		const org = orgs.items[0];
		for (const code of [org && org.code, org && org.region].filter(Boolean)) {
			const p = await get(`/organisations/${encodeURIComponent(code)}/policies`).catch(() => ({ items: [] }));
			if (p.items.length) {
				list = p.items;
				break;
			}
		}
	}
	const page = h('div.page', { 'data-testid': 'blocks-page' });
	page.append(pageHeader(t('nav.blocks'), { sub: t('blocks.sub') }));
	if (!list.length) {
		page.append(notice('info', t('blocks.no_policy')));
		return page;
	}
	const policySel = h('select#blocks-policy', list.map((p) => h('option', { value: String(p.id), selected: String(p.id) === query.policy }, `${p.name} · ${p.version}`)));
	const contractSel = h('select#blocks-contract', h('option', { value: '' }, t('blocks.example_contract')), contracts.filter((c) => c.obligation_cents).map((c) => h('option', { value: String(c.id) }, `${c.reference} · ${money(c.obligation_cents, { whole: true })}`)));
	const menu = h('div');
	const planner = h('div');
	page.append(h('div.filters', h('div.filter', h('label', { for: 'blocks-policy' }, t('blocks.policy')), policySel), h('div.filter', h('label', { for: 'blocks-contract' }, t('blocks.contract')), contractSel)));
	page.append(card(t('blocks.menu'), menu), card(t('blocks.planner'), planner));

	const render = () => {
		const policy = list.find((p) => String(p.id) === policySel.value) || list[0];
		const doc = policy.document || {};
		const blocks = (doc.valuation && doc.valuation.blocks) || [];
		const bonuses = (doc.valuation && doc.valuation.bonuses) || [];
		replace(menu, simpleTable([
			{ label: t('blocks.block'), render: (b) => h('strong', b.label) },
			{ label: t('field.kind'), render: (b) => tv('enum.realisation_kind', b.kind) },
			{ label: t('blocks.value'), render: (b) => blockValue(b) },
			{ label: t('blocks.max_months'), numeric: true, render: (b) => (b.max_months ? t('blocks.months', { n: b.max_months }) : '–') },
			{ label: t('field.target_groups'), render: (b) => (b.target_groups || []).map((g) => tv('enum.target_group', g)).join(', ') || t('blocks.anyone') },
		], blocks, { testid: 'blocks-menu' }), bonuses.length ? h('div', h('h3', t('blocks.bonuses')), h('ul.bonuses', bonuses.map((b) => h('li', h('strong', b.label), ': ', blockValue(b))))) : null,
		h('p.muted', t('blocks.full_time', { h: (doc.valuation && doc.valuation.full_time_hours) || 36 })));
		renderPlanner(planner, policy, contracts.find((c) => String(c.id) === contractSel.value));
	};
	policySel.addEventListener('change', render);
	contractSel.addEventListener('change', render);
	render();
	return page;
}

function renderPlanner(box, policy, contract) {
	const blocks = ((policy.document && policy.document.valuation && policy.document.valuation.blocks) || []);
	const lines = [];
	const rowsEl = h('tbody');
	const result = h('div.calc-result', { 'aria-live': 'polite', 'data-testid': 'calc-result' });
	const valueInput = h('input#plan-value', { inputmode: 'decimal', value: contract ? String(contract.value_cents / 100).replace('.', ',') : '1000000' });
	const kindInput = h('select#plan-kind', ['services', 'works', 'supplies'].map((k) => h('option', { value: k, selected: contract && contract.kind === k }, tv('enum.contract_kind', k))));

	const addLine = (blockId) => {
		const b = blocks.find((x) => x.id === blockId) || blocks[0];
		const line = { block: b.id, qty: '1', hours: '36', months: '12', amount: '' };
		lines.push(line);
		draw();
	};
	const draw = () => {
		replace(rowsEl, lines.map((line, i) => {
			const b = blocks.find((x) => x.id === line.block);
			const rule = b && b.value ? b.value.rule : '';
			const sel = h('select', { 'aria-label': t('blocks.block'), onchange: (e) => { line.block = e.target.value; draw(); } }, blocks.map((x) => h('option', { value: x.id, selected: x.id === line.block }, x.label)));
			const inp = (key, label, width) => h(`input.input-${width || 's'}`, { value: line[key], inputmode: 'decimal', 'aria-label': label, oninput: (e) => { line[key] = e.target.value; } });
			const detail = rule === 'per_year' ? [inp('hours', t('field.hours_per_week')), ' ', t('blocks.h_week'), ' × ', inp('months', t('blocks.months_label')), ' ', t('blocks.months_short')]
				: rule === 'per_hour' ? [inp('amount', t('field.hours'), 'm'), ' ', t('blocks.hours_short')]
				: rule === 'invoice_share' || rule === 'costs_incurred' ? ['€ ', inp('amount', t('field.amount_eur'), 'm')] : [];
			return h('tr', h('td', sel), h('td', inp('qty', t('field.quantity'))), h('td', detail),
				h('td', button('×', () => { lines.splice(i, 1); draw(); }, { kind: 'ghost', label: t('blocks.remove_line') })));
		}));
	};
	const evaluate = async () => {
		const value = parseEuros(valueInput.value);
		if (value === null) {
			replace(result, notice('error', t('val.amount')));
			return;
		}
		const start = contract ? contract.start_date : today();
		const end = contract ? contract.end_date : `${Number(start.slice(0, 4)) + 2}${start.slice(4)}`;
		const activities = [];
		let person = 0;
		for (const line of lines) {
			const b = blocks.find((x) => x.id === line.block);
			if (!b) continue;
			const n = Math.max(0, Math.min(500, Number(line.qty) || 0));
			for (let k = 0; k < n; k++) {
				person += 1;
				const a = { id: `${b.id}-${k + 1}`, kind: b.kind, block: b.id };
				const rule = b.value ? b.value.rule : '';
				if (['hire', 'internship', 'bbl', 'bol'].includes(b.kind)) {
					const months = Math.max(1, Math.min(60, Number(line.months) || 12));
					const s = new Date(`${start}T00:00:00Z`);
					const e = new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + months, s.getUTCDate() - 1));
					Object.assign(a, { candidate: `p${person}`, start, end: e.toISOString().slice(0, 10), hours_per_week: Number(String(line.hours).replace(',', '.')) || 36,
						target_groups: b.target_groups && b.target_groups.length ? [b.target_groups[0]] : [], age_at_start: (b.conditions && b.conditions.min_age_at_start) || 30 });
					if (b.conditions && b.conditions.mbo_level_min) a.level = b.conditions.mbo_level_min;
					if (b.conditions && b.conditions.hbo) a.level = 'hbo';
				} else if (rule === 'per_hour') {
					a.hours = Number(String(line.amount).replace(',', '.')) || 0;
				} else if (rule === 'invoice_share') {
					a.invoice_cents = parseEuros(line.amount) || 0;
					a.supplier_category = Object.keys((b.value && b.value.share_pct) || {})[0];
				} else if (rule === 'costs_incurred') {
					a.amount_cents = parseEuros(line.amount) || 0;
				}
				if (['training', 'purchase', 'hours', 'costs', 'custom'].includes(b.kind)) a.start = start;
				activities.push(a);
			}
		}
		const scenario = {
			contract: { kind: contract ? contract.kind : kindInput.value, value_cents: contract ? contract.value_cents : value, award_date: contract ? (contract.award_date || start) : start, start, end,
				labour_share_pct: contract && contract.labour_share_pct !== null ? contract.labour_share_pct : 60, supplier: { pso_rung: null, pso_valid_from: null, pso_valid_until: null } },
			activities,
		};
		try {
			const ans = await post('/calc', { policy: policy.id, scenario });
			const refused = (ans.activities || []).filter((a) => a.refused);
			replace(result, h('div.figures', figure(t('fig.obligation'), money(ans.obligation_cents, { whole: true })),
				figure(t('blocks.yield'), money(ans.total_cents, { whole: true }), { tone: 'good', testid: 'calc-total' }),
				figure(t('fig.realisation'), pct(ans.realisation_pct), { tone: ans.realisation_pct >= 100 ? 'good' : 'warn' })),
			ans.obligation_cents ? progress(ans.total_cents, 0, ans.obligation_cents) : null,
			refused.length ? notice('warn', t('blocks.refused', { n: refused.length }), h('ul', refused.slice(0, 5).map((a) => h('li', `${a.id}: ${a.refused.message}`)))) : null);
		} catch (err) {
			replace(result, notice('error', err.message));
		}
	};
	const addSel = h('select#plan-add', { 'aria-label': t('blocks.add_line') }, blocks.map((b) => h('option', { value: b.id }, b.label)));
	replace(box, h('p.muted', t('blocks.planner_text')),
		contract ? null : h('div.filters', h('div.filter', h('label', { for: 'plan-value' }, t('field.value_eur')), valueInput), h('div.filter', h('label', { for: 'plan-kind' }, t('field.kind')), kindInput)),
		h('div.table-wrap', h('table.table.planner', h('thead', h('tr', h('th', t('blocks.block')), h('th', t('field.quantity')), h('th', t('blocks.detail')), h('th', h('span.sr-only', t('common.actions'))))), rowsEl)),
		h('div.planner-actions', addSel, button(t('blocks.add_line'), () => addLine(addSel.value)), button(t('blocks.evaluate'), evaluate, { kind: 'primary', testid: 'calc-evaluate' })),
		result);
	if (blocks.length) {
		addLine(blocks[0].id);
		if (blocks[1]) addLine(blocks[1].id);
	}
}
