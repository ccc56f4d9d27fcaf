// openings.js: openings (jobs, internships, BBL places, training places),
// a new opening, and an opening's page with its shortlist (score
// components per candidate) and its proposals: propose, introduce, hired,
// declined.
import { h, replace } from '../dom.js';
import { t, tv } from '../i18n/index.js';
import { get, getAll, post } from '../api.js';
import { can, role, session } from '../session.js';
import { date, num, today } from '../format.js';
import { pageHeader, card, badge, button, dl, empty, notice, toast, linkButton, dialog } from '../ui/widgets.js';
import { pagedTable, simpleTable } from '../ui/table.js';
import { Form } from '../ui/form.js';
import { supplierName, contractName, candidateLabel } from '../names.js';
import { navigate, refresh } from '../router.js';
import { supplierOptions } from './contracts.js';
import * as matching from '../matching_api.js';
import * as v from '../validate.js';

const KINDS = ['job', 'internship', 'bbl', 'bol', 'training', 'other'];
const EDUCATION = ['none', 'vo', 'mbo1', 'mbo2', 'mbo3', 'mbo4', 'hbo', 'wo'];
const COMPONENTS = ['occupation', 'distance', 'hours', 'education', 'time_on_benefit', 'target_group', 'district'];

export async function openingsView(params, query) {
	const filters = { status: query.status ?? 'open', kind: query.kind || '' };
	const status = h('select#op-status', h('option', { value: '' }, t('common.all')), ['open', 'filled', 'closed'].map((s) => h('option', { value: s, selected: filters.status === s }, tv('enum.opening_status', s))));
	const kind = h('select#op-kind', h('option', { value: '' }, t('common.all')), KINDS.map((s) => h('option', { value: s, selected: filters.kind === s }, tv('enum.opening_kind', s))));
	const table = pagedTable({
		testid: 'openings-table',
		caption: t('openings.title'),
		defaultSort: '',
		rowHref: true,
		columns: [
			{ label: t('field.title'), render: (o) => h('a', { href: `/openings/${o.id}` }, o.title || `#${o.id}`) },
			{ label: t('field.kind'), render: (o) => tv('enum.opening_kind', o.kind) },
			{ label: t('field.employer'), render: (o) => supplierName(o.supplier_id) },
			{ label: t('field.postcode'), key: 'postcode' },
			{ label: t('field.hours_per_week'), key: 'hours_per_week', numeric: true },
			{ label: t('field.positions'), key: 'positions', numeric: true },
			{ label: t('field.start_date'), render: (o) => date(o.start_date) },
			{ label: t('field.status'), render: (o) => badge('enum.opening_status', o.status) },
		],
		fetchPage: ({ cursor, sort, limit }) => get('/openings', { ...filters, cursor, sort, limit }),
	});
	const apply = () => {
		filters.status = status.value;
		filters.kind = kind.value;
		table.reload();
	};
	status.addEventListener('change', apply);
	kind.addEventListener('change', apply);
	const actions = can('openings:write') ? [linkButton(t('openings.new'), '/openings/new', { kind: 'primary', testid: 'new-opening' })] : [];
	return h('div.page', pageHeader(t('openings.title'), { sub: t('openings.sub'), actions }),
		h('div.filters', h('div.filter', h('label', { for: 'op-status' }, t('field.status')), status), h('div.filter', h('label', { for: 'op-kind' }, t('field.kind')), kind)),
		table.el);
}

export async function openingNewView(params, query) {
	const isSupplier = role() === 'supplier';
	const suppliers = isSupplier ? [] : await supplierOptions();
	const contracts = await getAll('/contracts', isSupplier ? {} : { status: 'running' }, 500).catch(() => []);
	const awarded = isSupplier ? contracts : [...contracts, ...(await getAll('/contracts', { status: 'awarded' }, 500).catch(() => []))];
	const form = new Form([
		{ name: 'title', label: t('field.title'), required: true, wide: true },
		isSupplier ? null : { name: 'supplier_id', label: t('field.employer'), type: 'select', required: true, value: query.supplier_id || '', options: [['', t('common.choose')], ...suppliers] },
		{ name: 'contract_id', label: t('field.contract'), type: 'select', value: query.contract_id || '', options: [['', t('openings.no_contract')], ...awarded.map((c) => [String(c.id), `${c.reference} · ${c.title}`])], hint: t('openings.contract_hint') },
		{ name: 'kind', label: t('field.kind'), type: 'select', required: true, options: [['', t('common.choose')], ...KINDS.map((k) => [k, tv('enum.opening_kind', k)])] },
		{ name: 'esco_code', label: t('field.esco_code'), required: true, check: v.esco, hint: t('openings.esco_hint'), placeholder: '7112.1' },
		{ name: 'postcode', label: t('field.postcode_work'), required: true, check: v.postcode, placeholder: '2511 AB', autocomplete: 'postal-code' },
		{ name: 'hours_per_week', label: t('field.hours_per_week'), required: true, inputmode: 'decimal', check: (x) => v.hours(x) },
		{ name: 'positions', label: t('field.positions'), inputmode: 'numeric', value: '1', check: (x) => v.wholeNumber(x, 1, 1000) },
		{ name: 'start_date', label: t('field.start_date'), type: 'date', required: true, check: v.isoDate },
		{ name: 'max_travel_km', label: t('field.max_travel_km'), inputmode: 'numeric', check: (x) => v.wholeNumber(x, 0, 300) },
		{ name: 'min_education_level', label: t('field.min_education'), type: 'select', options: [['', t('common.none')], ...EDUCATION.map((e) => [e, tv('enum.education', e)])] },
		{ name: 'requires_licence', label: t('field.requires_licence'), type: 'checkbox' },
	].filter(Boolean), {
		submitLabel: t('openings.create'),
		testid: 'opening-form',
		cancel: h('a.btn.btn-ghost', { href: '/openings' }, t('common.cancel')),
		onSubmit: async (x) => {
			const body = {
				title: x.title,
				kind: x.kind,
				esco_code: x.esco_code,
				postcode: v.normalisePostcode(x.postcode),
				hours_per_week: Number(x.hours_per_week.replace(',', '.')),
				start_date: x.start_date,
				positions: Number(x.positions || 1),
				requires_licence: x.requires_licence,
				supplier_id: isSupplier ? session.user.supplier_id : Number(x.supplier_id),
			};
			if (x.contract_id) body.contract_id = Number(x.contract_id);
			if (x.max_travel_km) body.max_travel_km = Number(x.max_travel_km);
			if (x.min_education_level) body.min_education_level = x.min_education_level;
			const o = await post('/openings', body);
			navigate(`/openings/${o.id}`);
		},
	});
	return h('div.page', pageHeader(t('openings.new'), { back: { href: '/openings', label: t('openings.title') } }), card(t('openings.details'), form.el));
}

const COMPONENT_COLOURS = {
	occupation: '#0b5c63', distance: '#2e86ab', hours: '#66a182', education: '#8e5cc4',
	time_on_benefit: '#e0a526', target_group: '#d1495b', district: '#5b6b7a',
};

// The score as one bar of coloured parts (one per component, width by
// points against the best total on the list) and the same in words.
function scoreBars(pair, maxTotal) {
	const parts = Object.entries(pair.components || {}).filter(([, points]) => points > 0);
	const bar = h('span.score-stack', { 'aria-hidden': 'true' }, parts.map(([name, points]) => {
		const seg = h('span.score-seg', { title: `${tv('enum.component', name)}: ${points}` });
		seg.style.width = `${maxTotal > 0 ? (points / maxTotal) * 100 : 0}%`;
		seg.style.background = COMPONENT_COLOURS[name] || '#5b6b7a';
		return seg;
	}));
	const words = h('span.score-words', parts.map(([name, points]) => `${tv('enum.component', name)} ${num(points)}`).join(' · ') || t('match.no_points'));
	return h('div.score-breakdown', bar, words);
}

function scoreLegend() {
	return h('ul.score-legend', { 'aria-hidden': 'true' }, COMPONENTS.map((c) => {
		const dot = h('span.score-dot');
		dot.style.background = COMPONENT_COLOURS[c];
		return h('li', dot, tv('enum.component', c));
	}));
}

function hireDialog(p) {
	return dialog(t('proposal.hire_title'), (close) => new Form([
		{ name: 'start_date', label: t('field.start_date'), type: 'date', required: true, value: today(), check: v.isoDate },
		{ name: 'end_date', label: t('field.end_date'), type: 'date', required: true, check: (x, all) => v.isoDate(x) || v.dateRange(all.start_date, x), hint: t('proposal.end_hint') },
		{ name: 'hours_per_week', label: t('field.hours_per_week'), inputmode: 'decimal', check: (x) => v.hours(x), hint: t('proposal.hours_hint') },
		{ name: 'permanent_contract', label: t('field.permanent_contract'), type: 'checkbox' },
	], {
		submitLabel: t('proposal.hire'),
		testid: 'hire-form',
		cancel: h('button.btn.btn-ghost', { type: 'button', onclick: () => close(null) }, t('common.cancel')),
		onSubmit: async (x) => {
			const body = { start_date: x.start_date, end_date: x.end_date, permanent_contract: x.permanent_contract };
			if (x.hours_per_week) body.hours_per_week = Number(x.hours_per_week.replace(',', '.'));
			close(await matching.answer(p.id, 'hire', body));
		},
	}).el);
}

function declineDialog(p) {
	const supplier = role() === 'supplier';
	return dialog(t('proposal.decline_title'), (close) => new Form([
		supplier ? null : { name: 'by', label: t('proposal.declined_by'), type: 'select', required: true, options: [['employer', t('proposal.by_employer')], ['candidate', t('proposal.by_candidate')]] },
		{ name: 'reason', label: t('proposal.decline_reason'), type: 'textarea', required: true, rows: 3 },
	].filter(Boolean), {
		submitLabel: t('proposal.decline'),
		testid: 'decline-form',
		cancel: h('button.btn.btn-ghost', { type: 'button', onclick: () => close(null) }, t('common.cancel')),
		onSubmit: async (x) => close(await matching.answer(p.id, 'decline', { by: supplier ? 'employer' : x.by, reason: x.reason })),
	}).el);
}

// The next steps of a proposal's life that the user may take: introduce
// (consultant, job coach), hired or declined (the employer, or the
// consultant for it).
export function proposalActions(p, onChange) {
	const acts = [];
	const done = (name) => {
		toast(t(`proposal.done_${name}`));
		onChange();
	};
	const open = p.status === 'proposed' || p.status === 'introduced';
	if (p.status === 'proposed' && can('proposals:write')) {
		acts.push(button(t('proposal.introduce'), async () => {
			try {
				await matching.answer(p.id, 'introduce');
				done('introduce');
			} catch (err) {
				toast(err.message, 'error');
			}
		}, { testid: `introduce-${p.id}` }));
	}
	if ((p.status === 'introduced' || (p.status === 'proposed' && p.source === 'employer')) && can('proposals:answer')) {
		acts.push(button(t('proposal.hire'), async () => {
			if (await hireDialog(p)) done('hire');
		}, { kind: 'primary', testid: `hire-${p.id}` }));
	}
	if (open && (can('proposals:answer') || can('proposals:write'))) {
		acts.push(button(t('proposal.decline'), async () => {
			if (await declineDialog(p)) done('decline');
		}, { kind: 'danger', testid: `decline-${p.id}` }));
	}
	return h('div.row-actions', acts);
}

export function proposalColumns(onChange, { showOpening = false } = {}) {
	return [
		showOpening ? { label: t('field.opening'), render: (p) => h('a', { href: `/openings/${p.opening_id}` }, p.opening_title || `#${p.opening_id}`) } : null,
		{ label: t('field.candidate'), render: (p) => candidateLabel(p.candidate_id) },
		{ label: t('match.score'), numeric: true, render: (p) => (p.score === undefined || p.score === null ? '–' : num(p.score)) },
		{ label: t('field.status'), render: (p) => h('span', badge('enum.proposal_status', p.status), p.reason ? h('span.sub', p.reason) : null, p.realisation_id ? h('span.sub', t('proposal.realisation', { id: p.realisation_id })) : null) },
		{ label: t('field.deadline'), render: (p) => h('span', { class: p.due_date && p.due_date < today() && (p.status === 'proposed' || p.status === 'introduced') ? 'overdue' : undefined }, date(p.due_date)) },
		{ label: t('common.actions'), render: (p) => proposalActions(p, onChange) },
	].filter(Boolean);
}

export async function openingView(params) {
	const id = Number(params.id);
	const o = await get(`/openings/${id}`);
	const page = h('div.page.opening-page', { 'data-testid': 'opening-page' });
	page.append(pageHeader(o.title || t('openings.opening', { id }), {
		sub: h('span', badge('enum.opening_status', o.status), ' ', tv('enum.opening_kind', o.kind), ' · ', supplierName(o.supplier_id)),
		back: { href: '/openings', label: t('openings.title') },
	}));
	page.append(card(t('openings.details'), dl([
		[t('field.employer'), supplierName(o.supplier_id)],
		[t('field.contract'), contractName(o.contract_id)],
		[t('field.esco_code'), o.esco_code],
		[t('field.postcode_work'), o.postcode],
		[t('field.hours_per_week'), o.hours_per_week],
		[t('field.positions'), o.positions],
		[t('field.start_date'), date(o.start_date)],
		[t('field.max_travel_km'), o.max_travel_km],
		[t('field.requires_licence'), o.requires_licence ? t('common.yes') : t('common.no')],
		[t('field.min_education'), tv('enum.education', o.min_education_level)],
	], { cols: 2 })));

	const hasShortlist = await matching.has(matching.routes.shortlist);
	const hasProposals = await matching.has(matching.routes.proposals);
	if (can('matching:read')) {
		const box = h('div', { 'data-testid': 'shortlist' });
		page.append(card(t('match.shortlist'), box));
		if (!hasShortlist) {
			replace(box, notice('info', t('match.not_available')));
		} else {
			replace(box, h('p.muted', t('common.loading')));
			matching.shortlist(id, 10).then((pairs) => {
				if (!pairs.length) return replace(box, empty(t('match.no_candidates')));
				const max = Math.max(1, ...pairs.map((p) => p.total));
				return replace(box, h('p.muted', t('match.shortlist_text')), scoreLegend(), simpleTable([
					{ label: t('field.candidate'), render: (p) => h('a', { href: `/candidates/${p.candidate_id}` }, candidateLabel(p.candidate_id)) },
					{ label: t('match.score'), numeric: true, render: (p) => h('strong.score-total', num(p.total)) },
					{ label: t('match.components'), render: (p) => scoreBars(p, max) },
					{ label: t('match.distance'), numeric: true, render: (p) => (p.distance_km === null ? '–' : `${num(p.distance_km, 1)} km`) },
					{ label: '', render: (p) => (hasProposals && can('proposals:write') && o.status === 'open' ? button(t('match.propose'), async (e) => {
						const btn = e.currentTarget;
						btn.disabled = true;
						try {
							await matching.propose(id, p.candidate_id);
							toast(t('match.proposed_toast'));
							refresh();
						} catch (err) {
							btn.disabled = false;
							toast(err.message, 'error');
						}
					}, { kind: 'primary', testid: `propose-${p.candidate_id}` }) : '') },
				], pairs, { testid: 'shortlist-table', caption: t('match.shortlist') }));
			}).catch((err) => replace(box, notice('error', err.message)));
		}
	}
	if (hasProposals && can('proposals:read')) {
		const table = pagedTable({
			testid: 'proposals-table',
			caption: t('match.proposals'),
			columns: proposalColumns(() => refresh()),
			fetchPage: ({ cursor, limit }) => matching.proposals({ opening_id: id, cursor, limit }),
			emptyText: t('match.no_proposals'),
		});
		page.append(card(t('match.proposals'), table.el));
	}
	return page;
}
