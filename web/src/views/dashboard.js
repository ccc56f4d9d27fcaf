// dashboard.js: an organisation's portfolio at a glance, from
// GET /reports/portfolio: obligation against realised and pending, the
// realisation % over time, by target group, by supplier and by kind, the
// early warnings, the quota view beside the 2.0 view, retention (from the
// follow-ups) and who benefits by district.
import { h, replace } from '../dom.js';
import { t, tv } from '../i18n/index.js';
import { get, getAll } from '../api.js';
import { can } from '../session.js';
import { money, moneyShort, pct, num, today, date } from '../format.js';
import { pageHeader, card, figure, progress, empty, notice, button } from '../ui/widgets.js';
import { simpleTable } from '../ui/table.js';
import { chartBox, palette } from '../ui/charts.js';
import { supplier, supplierName } from '../names.js';
import * as v from '../validate.js';
import { navigate } from '../router.js';

function quarterEnds(n) {
	const out = [];
	const now = new Date();
	let y = now.getFullYear();
	let q = Math.floor(now.getMonth() / 3); // the current quarter, 0-based
	for (let i = 0; i < n; i++) {
		const endMonth = q * 3 + 3;
		const end = new Date(Date.UTC(y, endMonth, 0));
		out.unshift({ label: `${y} K${q + 1}`, labelEn: `${y} Q${q + 1}`, to: end.toISOString().slice(0, 10) });
		q -= 1;
		if (q < 0) {
			q = 3;
			y -= 1;
		}
	}
	out[out.length - 1].to = today(); // the current quarter up to today
	return out;
}

async function series(filters) {
	const points = quarterEnds(8);
	const results = [];
	for (let i = 0; i < points.length; i += 2) {
		const batch = points.slice(i, i + 2).map((p) => get('/reports/portfolio', { ...filters, from: '2000-01-01', to: p.to }));
		results.push(...(await Promise.all(batch)));
	}
	return points.map((p, i) => ({ ...p, report: results[i] }));
}

function bySupplier(contracts) {
	const map = new Map();
	for (const c of contracts) {
		if (!c.supplier_id || !c.obligation_cents) continue;
		const s = map.get(c.supplier_id) || { supplier_id: c.supplier_id, obligation: 0, accepted: 0, pending: 0, contracts: 0 };
		s.obligation += c.obligation_cents;
		s.accepted += c.accepted_cents;
		s.pending += c.pending_cents;
		s.contracts += 1;
		map.set(c.supplier_id, s);
	}
	return [...map.values()].sort((a, b) => b.obligation - a.obligation);
}

async function retention() {
	if (!can('followups:read')) return null;
	const [yes, no] = await Promise.all([getAll('/follow-ups', { employed: 'yes' }), getAll('/follow-ups', { employed: 'no' })]);
	const rows = [6, 12, 24].map((m) => {
		const y = yes.filter((f) => f.months === m).length;
		const n = no.filter((f) => f.months === m).length;
		return { months: m, yes: y, no: n, rate: y + n ? (y / (y + n)) * 100 : null };
	});
	return rows;
}

export async function dashboardView(params, query) {
	const filters = {};
	if (query.from && !v.isoDate(query.from)) filters.from = query.from;
	if (query.to && !v.isoDate(query.to)) filters.to = query.to;
	if (query.department) filters.department = query.department;
	const report = await get('/reports/portfolio', filters);
	const page = h('div.page.dashboard');

	const fromInput = h('input#dash-from', { type: 'date', value: query.from || '' });
	const toInput = h('input#dash-to', { type: 'date', value: query.to || '' });
	const periodForm = h('form.filters', {
		'aria-label': t('dash.period'),
		onsubmit: (e) => {
			e.preventDefault();
			const q = new URLSearchParams();
			if (fromInput.value) q.set('from', fromInput.value);
			if (toInput.value) q.set('to', toInput.value);
			navigate(`/dashboard${q.toString() ? `?${q}` : ''}`);
		},
	}, h('div.filter', h('label', { for: 'dash-from' }, t('dash.from')), fromInput),
	h('div.filter', h('label', { for: 'dash-to' }, t('dash.to')), toInput),
	button(t('dash.apply'), null, { type: 'submit', kind: 'secondary' }));

	const period = report.from || report.to ? t('dash.period_text', { from: date(report.from), to: date(report.to) }) : t('dash.all_time', { date: date(report.as_of) });
	page.append(pageHeader(t('dash.title'), { sub: period }), periodForm);

	// Headline figures.
	page.append(h('section.figures', { 'aria-label': t('dash.figures'), 'data-testid': 'dash-figures' },
		figure(t('fig.obligation'), moneyShort(report.obligation_cents), { sub: money(report.obligation_cents, { whole: true }), testid: 'fig-obligation' }),
		figure(t('fig.accepted'), moneyShort(report.accepted_cents), { sub: money(report.accepted_cents, { whole: true }), tone: 'good', testid: 'fig-accepted' }),
		figure(t('fig.pending'), moneyShort(report.pending_cents), { sub: money(report.pending_cents, { whole: true }), tone: 'warn', testid: 'fig-pending' }),
		figure(t('fig.realisation'), pct(report.realisation_pct), { sub: t('fig.forecast_sub', { v: moneyShort(report.forecast_cents) }), tone: report.realisation_pct !== null && report.realisation_pct < 80 ? 'bad' : 'good', testid: 'fig-realisation' }),
		figure(t('fig.people'), num(report.people), { sub: t('fig.fte', { n: num(report.fte, 1) }) })));
	page.append(card(t('dash.progress'), progress(report.accepted_cents, report.pending_cents, report.obligation_cents, { label: t('dash.progress') })));

	// Over time (quarters), filled in when the series arrives.
	const overTime = h('div', h('p.muted', t('common.loading')));
	const grid1 = h('div.grid-2');
	grid1.append(card(t('dash.over_time'), overTime));

	// Quota view beside the 2.0 view.
	const q = report.quota_view || {};
	const v2 = report.view_2_0 || {};
	grid1.append(card(t('dash.views'), h('div.views-compare',
		h('div.view-col', h('h3', t('dash.quota_view')), h('p.big', `${num(q.people_placed)} / ${num(q.people_expected, 1)}`), h('p.muted', t('dash.quota_text')),
			q.people_expected ? quotaBar(q) : null),
		h('div.view-col', h('h3', t('dash.view_20')), h('p.big', pct(v2.realisation_pct)), h('p.muted', t('dash.view_20_text', { value: moneyShort(v2.value_cents), obligation: moneyShort(v2.obligation_cents) })),
			progress(v2.value_cents, 0, v2.obligation_cents, { compact: true })))));
	page.append(grid1);

	const groups = Object.entries(report.by_target_group || {}).sort((a, b) => (b[1].accepted_cents + b[1].pending_cents) - (a[1].accepted_cents + a[1].pending_cents));
	const grid2 = h('div.grid-2');
	grid2.append(card(t('dash.by_group'), groups.length ? chartBox(t('dash.by_group'), {
		type: 'bar',
		data: {
			labels: groups.map(([k]) => tv('enum.target_group', k)),
			datasets: [
				{ label: t('fig.accepted'), data: groups.map(([, x]) => x.accepted_cents / 100), backgroundColor: palette.accepted, stack: 's' },
				{ label: t('fig.pending'), data: groups.map(([, x]) => x.pending_cents / 100), backgroundColor: palette.pending, stack: 's' },
			],
		},
		options: { indexAxis: 'y', scales: { x: { stacked: true, ticks: { callback: (x) => moneyShort(x * 100) } }, y: { stacked: true } }, plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${money(c.raw * 100, { whole: true })}` } } } },
	}, groups.map(([k, x]) => [tv('enum.target_group', k), money(x.accepted_cents + x.pending_cents, { whole: true })]), { testid: 'chart-groups', height: 300 }) : empty(t('table.empty'))));

	const sup = bySupplier(report.contracts || []).slice(0, 10);
	const supBox = h('div');
	grid2.append(card(t('dash.by_supplier'), supBox));
	page.append(grid2);
	if (sup.length) {
		Promise.all(sup.map((s) => supplier(s.supplier_id))).then((names) => {
			const labels = sup.map((s, i) => (names[i] ? names[i].name : `#${s.supplier_id}`)).map((n) => (n.length > 28 ? `${n.slice(0, 27)}…` : n));
			replace(supBox, chartBox(t('dash.by_supplier'), {
				type: 'bar',
				data: {
					labels,
					datasets: [
						{ label: t('fig.obligation'), data: sup.map((s) => s.obligation / 100), backgroundColor: '#c9d3dc' },
						{ label: t('fig.accepted'), data: sup.map((s) => s.accepted / 100), backgroundColor: palette.accepted },
						{ label: t('fig.pending'), data: sup.map((s) => s.pending / 100), backgroundColor: palette.pending },
					],
				},
				options: { indexAxis: 'y', scales: { x: { ticks: { callback: (x) => moneyShort(x * 100) } } }, plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${money(c.raw * 100, { whole: true })}` } } } },
			}, sup.map((s, i) => [labels[i], `${money(s.accepted, { whole: true })} / ${money(s.obligation, { whole: true })}`]), { testid: 'chart-suppliers', height: 300 }));
		});
	} else replace(supBox, empty(t('table.empty')));

	// Early warnings.
	const warnings = report.early_warnings || [];
	page.append(card(`${t('dash.warnings')} (${warnings.length})`, warnings.length ? simpleTable([
		{ label: t('field.reference'), render: (x) => h('a', { href: `/contracts/${x.contract_id}` }, x.reference) },
		{ label: t('field.supplier'), render: (x) => supplierName(x.supplier_id) },
		{ label: t('field.status'), render: (x) => tv('enum.contract_status', x.status) },
		{ label: t('fig.obligation'), render: (x) => money(x.obligation_cents, { whole: true }), numeric: true },
		{ label: t('field.progress'), render: (x) => progress(x.accepted_cents, x.pending_cents, x.obligation_cents, { compact: true }) },
	], warnings, { testid: 'dash-warnings' }) : empty(t('dash.no_warnings'))));

	// Who benefits: districts and municipalities; kinds; retention.
	const districts = Object.entries(report.by_district || {}).sort((a, b) => (b[1].accepted_cents + b[1].pending_cents) - (a[1].accepted_cents + a[1].pending_cents)).slice(0, 15);
	const kinds = Object.entries(report.by_kind || {});
	const grid3 = h('div.grid-2');
	grid3.append(card(t('dash.by_district'), districts.length ? chartBox(t('dash.by_district'), {
		type: 'bar',
		data: {
			labels: districts.map(([k]) => (k === 'unknown' ? t('common.unknown') : t('dash.district', { d: k }))),
			datasets: [
				{ label: t('fig.accepted'), data: districts.map(([, x]) => x.accepted_cents / 100), backgroundColor: palette.primary, stack: 's' },
				{ label: t('fig.pending'), data: districts.map(([, x]) => x.pending_cents / 100), backgroundColor: palette.pending, stack: 's' },
			],
		},
		options: { scales: { x: { stacked: true }, y: { stacked: true, ticks: { callback: (x) => moneyShort(x * 100) } } } },
	}, districts.map(([k, x]) => [k, `${money(x.accepted_cents + x.pending_cents, { whole: true })}, ${x.activities}`]), { testid: 'chart-districts' }) : empty(t('table.empty')),
	simpleTable([
		{ label: t('dash.municipality'), render: ([k]) => k },
		{ label: t('dash.activities'), render: ([, x]) => num(x.activities), numeric: true },
		{ label: t('fig.accepted'), render: ([, x]) => money(x.accepted_cents, { whole: true }), numeric: true },
	], Object.entries(report.by_municipality || {}))));
	grid3.append(card(t('dash.by_kind'), kinds.length ? chartBox(t('dash.by_kind'), {
		type: 'doughnut',
		data: { labels: kinds.map(([k]) => tv('enum.realisation_kind', k)), datasets: [{ data: kinds.map(([, x]) => (x.accepted_cents + x.pending_cents) / 100), backgroundColor: palette.series }] },
		options: { plugins: { legend: { position: 'right' }, tooltip: { callbacks: { label: (c) => `${c.label}: ${money(c.raw * 100, { whole: true })}` } } } },
	}, kinds.map(([k, x]) => [tv('enum.realisation_kind', k), money(x.accepted_cents + x.pending_cents, { whole: true })]), { testid: 'chart-kinds' }) : empty(t('table.empty'))));
	page.append(grid3);

	const retentionBox = h('div', h('p.muted', t('common.loading')));
	page.append(card(t('dash.retention'), retentionBox));
	retention().then((rows) => {
		if (!rows) return replace(retentionBox, notice('info', t('dash.retention_role')));
		if (!rows.some((r) => r.yes + r.no)) return replace(retentionBox, empty(t('dash.retention_none')));
		return replace(retentionBox, h('div.retention', rows.map((r) => h('div.retention-item',
			h('div.retention-rate', r.rate === null ? '–' : pct(r.rate, 0)),
			h('div.retention-label', t('dash.retention_after', { n: r.months })),
			h('div.muted', t('dash.retention_counts', { yes: r.yes, total: r.yes + r.no }))))));
	}).catch(() => replace(retentionBox, empty(t('dash.retention_none'))));

	series(filters).then((pts) => {
		const lang = document.documentElement.lang;
		replace(overTime, chartBox(t('dash.over_time'), {
			type: 'line',
			data: {
				labels: pts.map((p) => (lang === 'en' ? p.labelEn : p.label)),
				datasets: [{
					label: t('fig.realisation'),
					data: pts.map((p) => p.report.realisation_pct ?? 0),
					borderColor: palette.primary,
					backgroundColor: 'rgba(11,92,99,0.12)',
					fill: true,
					tension: 0.25,
					pointRadius: 4,
				}, {
					label: t('dash.target'),
					data: pts.map(() => 100),
					borderColor: palette.obligation,
					borderDash: [6, 4],
					pointRadius: 0,
				}],
			},
			options: { scales: { y: { beginAtZero: true, ticks: { callback: (x) => `${x}%` } } } },
		}, pts.map((p) => [p.label, pct(p.report.realisation_pct)]), { testid: 'chart-over-time' }));
	}).catch(() => replace(overTime, empty(t('table.empty'))));

	return page;
}

function quotaBar(q) {
	return progress(q.people_placed, 0, q.people_expected, { compact: true });
}
