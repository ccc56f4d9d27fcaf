// policies.js: the policy in force and its versions, readable by everyone
// in the organisation; administrators upload a new version and see the
// validation errors with their JSON paths.
import { h, replace } from '../dom.js';
import { t, tv } from '../i18n/index.js';
import { get, put } from '../api.js';
import { can } from '../session.js';
import { money, pct, date, dateTime } from '../format.js';
import { pageHeader, card, badge, dl, empty, notice, toast } from '../ui/widgets.js';
import { simpleTable } from '../ui/table.js';
import { Form } from '../ui/form.js';
import { navigate } from '../router.js';

async function owners() {
	const orgs = await get('/organisations').catch(() => ({ items: [] }));
	const org = orgs.items[0];
	return { org, codes: [org && org.code, org && org.region].filter(Boolean) };
}

export async function policiesView() {
	const { org, codes } = await owners();
	const lists = await Promise.all(codes.map((code) => get(`/organisations/${encodeURIComponent(code)}/policies`).then((p) => p.items.map((x) => ({ ...x, owner: code }))).catch(() => [])));
	const all = lists.flat().sort((a, b) => (b.effective_from || '').localeCompare(a.effective_from || ''));
	const page = h('div.page', { 'data-testid': 'policies-page' });
	page.append(pageHeader(t('policy.title'), { sub: t('policy.sub') }));
	const inForce = all.find((p) => p.in_force) || all.find((p) => (p.effective_from || '') <= new Date().toISOString().slice(0, 10));
	if (inForce) {
		page.append(card(t('policy.in_force'), h('p', h('a', { href: `/policies/${inForce.id}` }, h('strong', inForce.name)), ` · ${t('policy.version')} ${inForce.version} · ${t('policy.from')} ${date(inForce.effective_from)}`),
			summary(inForce.document || {})));
	}
	page.append(card(t('policy.versions'), simpleTable([
		{ label: t('policy.name'), render: (p) => h('a', { href: `/policies/${p.id}` }, p.name) },
		{ label: t('policy.version'), key: 'version' },
		{ label: t('policy.from'), render: (p) => date(p.effective_from) },
		{ label: t('policy.owner'), key: 'owner' },
		{ label: t('field.status'), render: (p) => (p === inForce ? badge('enum.policy_state', 'in_force') : '') },
	], all, { emptyText: t('policy.none'), testid: 'policy-versions' })));
	if (can('policies:write') && org) page.append(card(t('policy.upload'), uploadForm(org.code)));
	return page;
}

function summary(doc) {
	const th = (doc.applicability && doc.applicability.thresholds) || {};
	const ob = doc.obligation || {};
	const threshold = (x) => (x ? `${x.inclusive ? t('policy.from_incl') : t('policy.above')} ${money(x.amount_cents, { whole: true })}` : t('policy.never'));
	return dl([
		[t('policy.default_pct'), ob.default_pct !== undefined ? pct(ob.default_pct, 2) : '–'],
		[tv('enum.contract_kind', 'works'), threshold(th.works)],
		[tv('enum.contract_kind', 'services'), threshold(th.services)],
		[tv('enum.contract_kind', 'supplies'), threshold(th.supplies)],
		[t('policy.exceptions'), (ob.exceptions || []).map((e) => `${e.label}: ${pct(e.pct, 2)}`).join('; ') || '–'],
		[t('policy.cap'), ob.cap_cents ? money(ob.cap_cents, { whole: true }) : '–'],
		[t('policy.comply_or_explain'), ob.comply_or_explain ? t('common.yes') : t('common.no')],
		[t('policy.settlement'), doc.settlement ? t('policy.settlement_text', { months: doc.settlement.recovery_months, pct: doc.settlement.withhold_pct }) : '–'],
	]);
}

function uploadForm(orgCode) {
	const form = new Form([
		{ name: 'file', label: t('policy.file'), type: 'file', accept: '.json,application/json', hint: t('policy.file_hint') },
		{ name: 'text', label: t('policy.text'), type: 'textarea', rows: 8, wide: true, hint: t('policy.text_hint') },
	], {
		submitLabel: t('policy.upload_submit'),
		testid: 'policy-form',
		onSubmit: async (x, f) => {
			const text = x.file ? await x.file.text() : x.text;
			if (!text) {
				f.setError('text', t('val.required'));
				throw Object.assign(new Error(t('policy.give_document')), { field: 'text' });
			}
			let doc;
			try {
				doc = JSON.parse(text);
			} catch (e) {
				throw Object.assign(new Error(t('policy.not_json', { msg: e.message })), { field: x.file ? 'file' : 'text' });
			}
			const saved = await put(`/organisations/${encodeURIComponent(orgCode)}/policies`, doc);
			toast(t('policy.saved'));
			navigate(`/policies/${saved.id}`);
		},
	});
	return h('div', h('p.muted', t('policy.upload_text')), form.el);
}

export async function policyView(params) {
	const p = await get(`/policies/${Number(params.id)}`);
	const doc = p.document || {};
	const blocks = (doc.valuation && doc.valuation.blocks) || [];
	const page = h('div.page', { 'data-testid': 'policy-page' });
	page.append(pageHeader(p.name, { sub: `${t('policy.version')} ${p.version} · ${t('policy.from')} ${date(p.effective_from)}`, back: { href: '/policies', label: t('policy.title') } }));
	if (doc.description) page.append(h('p.lead', doc.description));
	page.append(h('div.grid-2', card(t('policy.rules'), summary(doc)), card(t('policy.source'), dl([
		[t('policy.publisher'), doc.source && doc.source.publisher],
		[t('policy.source_title'), doc.source && doc.source.title],
		[t('policy.published'), doc.source && (doc.source.published || doc.source.retrieved)],
		[t('policy.unit'), doc.unit],
		[t('policy.created'), dateTime(p.created_at)],
	]))));
	page.append(card(t('blocks.menu'), simpleTable([
		{ label: t('blocks.block'), render: (b) => h('strong', b.label) },
		{ label: t('field.kind'), render: (b) => tv('enum.realisation_kind', b.kind) },
		{ label: t('blocks.value'), render: (b) => (b.value && b.value.per_year_cents ? money(b.value.per_year_cents, { whole: true }) : tv('enum.value_rule', b.value && b.value.rule)) },
		{ label: t('blocks.max_months'), numeric: true, render: (b) => b.max_months ?? '–' },
		{ label: t('field.target_groups'), render: (b) => (b.target_groups || []).map((g) => tv('enum.target_group', g)).join(', ') || t('blocks.anyone') },
	], blocks)));
	page.append(card(t('policy.document'), h('details', h('summary', t('policy.show_json')), h('pre.json', JSON.stringify(doc, null, 2)))));
	return page;
}
