// contracts.js: the contract list (search, filters, sort, pages through
// the API's cursors, a progress bar per contract) and the form for a new
// contract.
import { h, replace } from '../dom.js';
import { t, tv } from '../i18n/index.js';
import { get, getAll, post } from '../api.js';
import { can, role } from '../session.js';
import { money, parseEuros } from '../format.js';
import { pageHeader, badge, progress, linkButton, button, card } from '../ui/widgets.js';
import { pagedTable } from '../ui/table.js';
import { Form } from '../ui/form.js';
import { supplierName, remember } from '../names.js';
import { navigate } from '../router.js';
import * as v from '../validate.js';

const STATUSES = ['draft', 'awarded', 'running', 'ended', 'settled'];
const KINDS = ['works', 'services', 'supplies'];

// Fills progress cells with each contract's summary, a few at a time.
export function fillProgress(items, rows, column) {
	const queue = items.map((c, i) => [c, rows[i].children[column]]).filter(([c]) => c.status !== 'draft');
	for (const [c, cell] of items.map((x, i) => [x, rows[i].children[column]]).filter(([x]) => x.status === 'draft')) replace(cell, h('span.muted', t('contract.not_awarded')));
	const worker = async () => {
		while (queue.length) {
			const [c, cell] = queue.shift();
			try {
				const s = await get(`/contracts/${c.id}/summary`);
				if (s.unit === 'hours') replace(cell, h('span', `${s.accepted_hours ?? '–'} h`));
				else if (!s.obligation_cents) replace(cell, h('span.muted', t('contract.no_obligation')));
				else replace(cell, progress(s.accepted_cents, s.pending_cents, s.obligation_cents, { compact: true, label: t('contract.progress_of', { ref: c.reference }) }));
			} catch {
				replace(cell, '–');
			}
		}
	};
	Promise.all([worker(), worker(), worker(), worker()]);
}

export async function contractsView(params, query) {
	const filters = { reference: query.reference || '', status: query.status || '', kind: query.kind || '', department: query.department || '' };
	const search = h('input#contract-search', { type: 'search', value: filters.reference, placeholder: t('contracts.search_placeholder'), 'aria-describedby': 'contract-search-hint' });
	const status = h('select#contract-status', h('option', { value: '' }, t('common.all')), STATUSES.map((s) => h('option', { value: s, selected: filters.status === s }, tv('enum.contract_status', s))));
	const kind = h('select#contract-kind', h('option', { value: '' }, t('common.all')), KINDS.map((s) => h('option', { value: s, selected: filters.kind === s }, tv('enum.contract_kind', s))));
	const dept = h('input#contract-dept', { type: 'text', value: filters.department });

	const table = pagedTable({
		testid: 'contracts-table',
		caption: t('contracts.title'),
		defaultSort: '-start_date',
		rowHref: true,
		columns: [
			{ label: t('field.reference'), sort: 'reference', render: (c) => h('a', { href: `/contracts/${c.id}` }, c.reference) },
			{ label: t('field.title'), sort: 'title', render: (c) => h('span.clamp', c.title) },
			{ label: t('field.supplier'), render: (c) => supplierName(c.supplier_id) },
			{ label: t('field.status'), sort: 'status', render: (c) => badge('enum.contract_status', c.status) },
			{ label: t('field.value'), sort: 'value_cents', numeric: true, render: (c) => money(c.value_cents, { whole: true }) },
			{ label: t('fig.obligation'), numeric: true, render: (c) => (c.obligation_cents === null ? '–' : money(c.obligation_cents, { whole: true })) },
			{ label: t('field.progress'), render: () => h('span.muted', '…') },
		],
		fetchPage: ({ cursor, sort, limit }) => get('/contracts', { ...filters, cursor, sort, limit }),
		afterRender: (items, rows) => fillProgress(items, rows, 6),
	});

	const apply = (e) => {
		if (e) e.preventDefault();
		filters.reference = search.value.trim();
		filters.status = status.value;
		filters.kind = kind.value;
		filters.department = dept.value.trim();
		const q = new URLSearchParams(Object.entries(filters).filter(([, x]) => x));
		history.replaceState(null, '', `/contracts${q.toString() ? `?${q}` : ''}`);
		table.reload();
	};
	status.addEventListener('change', apply);
	kind.addEventListener('change', apply);
	const filterForm = h('form.filters', { role: 'search', 'aria-label': t('contracts.filters'), onsubmit: apply },
		h('div.filter.filter-grow', h('label', { for: 'contract-search' }, t('contracts.search')), search, h('p.field-hint#contract-search-hint', t('contracts.search_hint'))),
		h('div.filter', h('label', { for: 'contract-status' }, t('field.status')), status),
		h('div.filter', h('label', { for: 'contract-kind' }, t('field.kind')), kind),
		h('div.filter', h('label', { for: 'contract-dept' }, t('field.department')), dept),
		button(t('common.search'), null, { type: 'submit', kind: 'secondary' }));

	const actions = can('contracts:write') ? [linkButton(t('contracts.new'), '/contracts/new', { kind: 'primary', testid: 'new-contract' })] : [];
	return h('div.page', pageHeader(t('contracts.title'), { sub: t('contracts.sub'), actions }), filterForm, table.el);
}

export async function supplierOptions() {
	const list = await getAll('/suppliers', { sort: 'name' });
	list.forEach((s) => remember('suppliers', s));
	return list.map((s) => [String(s.id), `${s.name} (KvK ${s.kvk})`]);
}

export async function contractNewView() {
	const suppliers = await supplierOptions();
	const form = new Form([
		{ name: 'reference', label: t('field.reference'), required: true, hint: t('contracts.reference_hint') },
		{ name: 'title', label: t('field.title'), required: true, wide: true },
		{ name: 'department', label: t('field.department') },
		{ name: 'cpv_code', label: t('field.cpv_code'), check: v.cpv, hint: t('contracts.cpv_hint'), placeholder: '45000000-7' },
		{ name: 'kind', label: t('field.kind'), type: 'select', required: true, options: [['', t('common.choose')], ...KINDS.map((k) => [k, tv('enum.contract_kind', k)])] },
		{ name: 'value', label: t('field.value_eur'), required: true, inputmode: 'decimal', apiNames: ['value_cents'], hint: t('contracts.value_hint'),
			check: (x) => { const c = parseEuros(x); return c === null ? 'val.amount' : c < 0 ? 'val.amount_negative' : null; } },
		{ name: 'start_date', label: t('field.start_date'), type: 'date', required: true, check: v.isoDate },
		{ name: 'end_date', label: t('field.end_date'), type: 'date', required: true, check: (x, all) => v.isoDate(x) || v.dateRange(all.start_date, x) },
		{ name: 'labour_share_pct', label: t('field.labour_share_pct'), inputmode: 'numeric', check: (x) => v.wholeNumber(x, 0, 100), hint: t('contracts.labour_hint') },
		{ name: 'supplier_id', label: t('field.supplier'), type: 'select', options: [['', t('contracts.no_supplier_yet')], ...suppliers] },
	], {
		submitLabel: t('contracts.create'),
		testid: 'contract-form',
		cancel: h('a.btn.btn-ghost', { href: '/contracts' }, t('common.cancel')),
		onSubmit: async (x) => {
			const body = {
				reference: x.reference,
				title: x.title,
				kind: x.kind,
				value_cents: parseEuros(x.value),
				start_date: x.start_date,
				end_date: x.end_date,
			};
			if (x.department) body.department = x.department;
			if (x.cpv_code) body.cpv_code = x.cpv_code;
			if (x.labour_share_pct) body.labour_share_pct = Number(x.labour_share_pct);
			if (x.supplier_id) body.supplier_id = Number(x.supplier_id);
			const c = await post('/contracts', body);
			remember('contracts', c);
			navigate(`/contracts/${c.id}`);
		},
	});
	return h('div.page', pageHeader(t('contracts.new'), { back: { href: '/contracts', label: t('contracts.title') } }), card(t('contracts.details'), form.el));
}
