// candidates.js: the pseudonymous candidate list; a candidate's page with
// the identity for those allowed (each read is audited by the API),
// suggested openings, and activities; a new candidate with the identity
// kept apart; the follow-ups (retention) due.
import { h, replace } from '../dom.js';
import { t, tv } from '../i18n/index.js';
import { get, post, put, patch } from '../api.js';
import { can } from '../session.js';
import { date, num, today } from '../format.js';
import { pageHeader, card, badge, button, dl, empty, notice, toast, linkButton } from '../ui/widgets.js';
import { pagedTable, simpleTable } from '../ui/table.js';
import { Form } from '../ui/form.js';
import { candidateLabel, contractName, supplierName } from '../names.js';
import { navigate, refresh } from '../router.js';
import { invalidateInbox } from './inbox.js';
import * as matching from '../matching_api.js';
import * as v from '../validate.js';

const GROUPS = ['participatiewet', 'ww', 'wia', 'ioaw_ioaz', 'banenafspraak', 'no_benefit', 'young_no_qualification', 'vso_pro', 'mbo_bol', 'mbo_bbl', 'statushouder', 'work_disability'];
const EDUCATION = ['none', 'vo', 'mbo1', 'mbo2', 'mbo3', 'mbo4', 'hbo', 'wo'];

export async function candidatesView(params, query) {
	const filters = { status: query.status ?? 'active', education_level: query.education_level || '' };
	const status = h('select#cand-status', h('option', { value: '' }, t('common.all')), ['active', 'placed', 'archived'].map((s) => h('option', { value: s, selected: filters.status === s }, tv('enum.candidate_status', s))));
	const edu = h('select#cand-edu', h('option', { value: '' }, t('common.all')), EDUCATION.map((s) => h('option', { value: s, selected: filters.education_level === s }, tv('enum.education', s))));
	const table = pagedTable({
		testid: 'candidates-table',
		caption: t('candidates.title'),
		rowHref: true,
		columns: [
			{ label: t('field.candidate'), render: (c) => h('a', { href: `/candidates/${c.id}` }, candidateLabel(c.id)) },
			{ label: t('field.target_groups'), render: (c) => (c.target_groups || []).map((g) => tv('enum.target_group', g)).join(', ') || '–' },
			{ label: t('field.postcode'), sort: 'postcode', render: (c) => c.postcode },
			{ label: t('field.education'), render: (c) => tv('enum.education', c.education_level) },
			{ label: t('field.hours_per_week'), numeric: true, key: 'hours_per_week' },
			{ label: t('field.available_from'), render: (c) => date(c.available_from) },
			{ label: t('field.status'), sort: 'status', render: (c) => badge('enum.candidate_status', c.status) },
		],
		fetchPage: ({ cursor, sort, limit }) => get('/candidates', { ...filters, cursor, sort, limit }),
	});
	const apply = () => {
		filters.status = status.value;
		filters.education_level = edu.value;
		table.reload();
	};
	status.addEventListener('change', apply);
	edu.addEventListener('change', apply);
	const actions = [];
	if (can('followups:read')) actions.push(linkButton(t('followup.title'), '/follow-ups'));
	if (can('candidates:write')) actions.push(linkButton(t('candidates.new'), '/candidates/new', { kind: 'primary', testid: 'new-candidate' }));
	return h('div.page', pageHeader(t('candidates.title'), { sub: t('candidates.sub'), actions }),
		h('div.filters', h('div.filter', h('label', { for: 'cand-status' }, t('field.status')), status), h('div.filter', h('label', { for: 'cand-edu' }, t('field.education')), edu)),
		table.el);
}

export async function candidateView(params) {
	const id = Number(params.id);
	const c = await get(`/candidates/${id}`);
	const page = h('div.page', { 'data-testid': 'candidate-page' });
	page.append(pageHeader(t('candidate.pseudonym', { id }), { sub: badge('enum.candidate_status', c.status), back: { href: '/candidates', label: t('candidates.title') } }));
	const grid = h('div.grid-2');
	grid.append(card(t('candidate.profile'), dl([
		c.external_id !== undefined ? [t('field.external_id'), c.external_id] : null,
		c.target_groups ? [t('field.target_groups'), (c.target_groups || []).map((g) => tv('enum.target_group', g)).join(', ') || '–'] : null,
		c.birth_month !== undefined ? [t('field.birth_month'), c.birth_month] : null,
		[t('field.postcode'), c.postcode],
		[t('field.occupations'), (c.occupations || []).join(', ') || t('candidate.any_work')],
		[t('field.education'), tv('enum.education', c.education_level)],
		[t('field.hours_per_week'), c.hours_per_week],
		[t('field.max_travel_km'), c.max_travel_km],
		[t('field.available_from'), date(c.available_from)],
		c.on_benefit_since !== undefined ? [t('field.on_benefit_since'), date(c.on_benefit_since)] : null,
		[t('field.driving_licence'), c.driving_licence ? t('common.yes') : t('common.no')],
	])));
	if (can('identity:read')) {
		const box = h('div', h('p.muted', t('candidate.identity_text')),
			button(t('candidate.show_identity'), async () => {
				try {
					const idn = await get(`/candidates/${id}/identity`);
					replace(box, dl([
						[t('identity.name'), idn.name], [t('identity.bsn'), idn.bsn], [t('identity.birth_date'), date(idn.birth_date)],
						[t('identity.email'), idn.email], [t('identity.phone'), idn.phone], [t('identity.address'), idn.address],
					]), h('p.muted', t('candidate.identity_audited')));
				} catch (err) {
					replace(box, err.status === 404 ? empty(t('candidate.no_identity')) : notice('error', err.message));
				}
			}, { testid: 'show-identity' }));
		grid.append(card(t('candidate.identity'), box));
	}
	page.append(grid);
	if (can('matching:read')) {
		const box = h('div', h('p.muted', t('common.loading')));
		page.append(card(t('candidate.suggestions'), box));
		if (!(await matching.has(matching.routes.suggestions))) replace(box, notice('info', t('match.not_available')));
		else {
			matching.suggestions(id, 10).then((pairs) => replace(box, pairs.length ? simpleTable([
				{ label: t('field.opening'), render: (p) => h('a', { href: `/openings/${p.opening_id}` }, p.raw.title || (p.opening && p.opening.title) || t('openings.opening', { id: p.opening_id })) },
				{ label: t('field.kind'), render: (p) => tv('enum.opening_kind', p.raw.kind) },
				{ label: t('field.employer'), render: (p) => supplierName(p.raw.supplier_id) },
				{ label: t('match.score'), numeric: true, render: (p) => num(p.total) },
				{ label: t('match.distance'), numeric: true, render: (p) => (p.distance_km === null ? '–' : `${num(p.distance_km, 1)} km`) },
			], pairs) : empty(t('match.no_openings')))).catch((err) => replace(box, notice('error', err.message)));
		}
	}
	if (can('realisations:read')) {
		const p = await get('/realisations', { candidate_id: id, limit: 50 }).catch(() => ({ items: [] }));
		page.append(card(t('candidate.activities'), simpleTable([
			{ label: t('field.contract'), render: (r) => contractName(r.contract_id) },
			{ label: t('field.kind'), render: (r) => tv('enum.realisation_kind', r.kind) },
			{ label: t('field.start_date'), render: (r) => date(r.start_date) },
			{ label: t('field.end_date'), render: (r) => date(r.end_date) },
			{ label: t('field.status'), render: (r) => badge('enum.realisation_status', r.status) },
		], p.items, { emptyText: t('candidate.no_activities') })));
	}
	return page;
}

export async function candidateNewView() {
	const form = new Form([
		{ section: t('candidate.profile') },
		{ name: 'postcode', label: t('field.postcode'), required: true, check: v.postcode, placeholder: '2511 AB', autocomplete: 'off' },
		{ name: 'hours_per_week', label: t('field.hours_per_week'), required: true, inputmode: 'decimal', check: (x) => v.hours(x) },
		{ name: 'target_groups', label: t('field.target_groups'), type: 'checks', options: GROUPS.map((g) => [g, tv('enum.target_group', g)]) },
		{ name: 'birth_month', label: t('field.birth_month'), type: 'month', check: v.month, placeholder: '1980-05' },
		{ name: 'education_level', label: t('field.education'), type: 'select', options: [['', t('common.unknown')], ...EDUCATION.map((e) => [e, tv('enum.education', e)])] },
		{ name: 'occupations', label: t('field.occupations'), hint: t('candidate.occupations_hint'), check: (x) => (x.split(/[\s,]+/).filter(Boolean).some((c) => v.esco(c)) ? 'val.esco' : null) },
		{ name: 'max_travel_km', label: t('field.max_travel_km'), inputmode: 'numeric', check: (x) => v.wholeNumber(x, 0, 300) },
		{ name: 'available_from', label: t('field.available_from'), type: 'date', check: v.isoDate },
		{ name: 'on_benefit_since', label: t('field.on_benefit_since'), type: 'date', check: v.isoDate },
		{ name: 'driving_licence', label: t('field.driving_licence'), type: 'checkbox' },
		{ section: t('candidate.identity') },
		{ name: 'name', label: t('identity.name'), autocomplete: 'off' },
		{ name: 'bsn', label: t('identity.bsn'), inputmode: 'numeric', check: v.bsn, hint: t('candidate.bsn_hint') },
		{ name: 'birth_date', label: t('identity.birth_date'), type: 'date', check: v.isoDate },
		{ name: 'email', label: t('identity.email'), type: 'email', check: v.email },
		{ name: 'phone', label: t('identity.phone') },
	], {
		submitLabel: t('candidates.create'),
		testid: 'candidate-form',
		cancel: h('a.btn.btn-ghost', { href: '/candidates' }, t('common.cancel')),
		onSubmit: async (x, f) => {
			const identityGiven = x.name || x.bsn || x.birth_date || x.email || x.phone;
			if (identityGiven && !x.name) {
				f.setError('name', t('val.required'));
				throw Object.assign(new Error(t('candidate.identity_needs_name')), { field: 'name' });
			}
			const body = { postcode: v.normalisePostcode(x.postcode), hours_per_week: Number(x.hours_per_week.replace(',', '.')), target_groups: x.target_groups, driving_licence: x.driving_licence };
			if (x.birth_month) body.birth_month = x.birth_month;
			if (x.education_level) body.education_level = x.education_level;
			if (x.occupations) body.occupations = x.occupations.split(/[\s,]+/).filter(Boolean);
			if (x.max_travel_km) body.max_travel_km = Number(x.max_travel_km);
			if (x.available_from) body.available_from = x.available_from;
			if (x.on_benefit_since) body.on_benefit_since = x.on_benefit_since;
			const c = await post('/candidates', body);
			if (identityGiven) {
				const idn = { name: x.name };
				for (const k of ['bsn', 'birth_date', 'email', 'phone']) if (x[k]) idn[k] = x[k];
				try {
					await put(`/candidates/${c.id}/identity`, idn);
				} catch (err) {
					toast(t('candidate.identity_failed'), 'error');
					navigate(`/candidates/${c.id}`);
					return;
				}
			}
			toast(t('candidates.created_toast'));
			navigate(`/candidates/${c.id}`);
		},
	});
	return h('div.page', pageHeader(t('candidates.new'), { back: { href: '/candidates', label: t('candidates.title') } }), card(t('candidates.details'), form.el));
}

export async function followUpsView(params, query) {
	const filters = { employed: query.employed ?? 'unknown' };
	const sel = h('select#fu-employed', h('option', { value: '' }, t('common.all')), ['unknown', 'yes', 'no'].map((s) => h('option', { value: s, selected: filters.employed === s }, tv('enum.employed', s))));
	const table = pagedTable({
		testid: 'followups-table',
		caption: t('followup.title'),
		defaultSort: 'due_date',
		columns: [
			{ label: t('field.due_date'), sort: 'due_date', render: (f) => h('span', { class: f.due_date <= today() && f.employed === 'unknown' ? 'overdue' : undefined }, date(f.due_date)) },
			{ label: t('field.months'), render: (f) => t('followup.months', { n: f.months }) },
			{ label: t('followup.realisation'), render: (f) => `#${f.realisation_id}` },
			{ label: t('followup.employed'), render: (f) => badge('enum.employed', f.employed) },
			{ label: t('followup.checked_on'), render: (f) => date(f.checked_on) },
			{ label: t('common.actions'), render: (f) => (can('followups:write') ? h('div.row-actions',
				button(t('followup.yes'), () => answer(f, 'yes'), { testid: `fu-yes-${f.id}` }),
				button(t('followup.no'), () => answer(f, 'no'), { testid: `fu-no-${f.id}` })) : '') },
		],
		fetchPage: ({ cursor, sort, limit }) => get('/follow-ups', { ...filters, cursor, sort, limit }),
		emptyText: t('followup.none'),
	});
	async function answer(f, employed) {
		await patch(`/follow-ups/${f.id}`, { employed, checked_on: today() });
		invalidateInbox();
		toast(t('followup.saved'));
		table.reload();
	}
	sel.addEventListener('change', () => {
		filters.employed = sel.value;
		table.reload();
	});
	return h('div.page', pageHeader(t('followup.title'), { sub: t('followup.sub') }),
		h('div.filters', h('div.filter', h('label', { for: 'fu-employed' }, t('followup.employed')), sel)), table.el);
}
