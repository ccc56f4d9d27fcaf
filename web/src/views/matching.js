// matching.js: proposal rounds. Start a round for the organisation (or the
// region), see its objective (the total score, optimal by construction),
// its counts, its fairness report (each group's share of the proposals
// against its share of the eligible pool) and its proposals.
import { h, replace } from '../dom.js';
import { t, tv } from '../i18n/index.js';
import { can } from '../session.js';
import { num, pct, dateTime } from '../format.js';
import { pageHeader, card, figure, notice, empty, button, toast } from '../ui/widgets.js';
import { pagedTable, simpleTable } from '../ui/table.js';
import { Form } from '../ui/form.js';
import { chartBox, palette } from '../ui/charts.js';
import { navigate, refresh } from '../router.js';
import * as matching from '../matching_api.js';
import { proposalColumns } from './openings.js';
import * as v from '../validate.js';

function runTitle(r) {
	return t('match.run_title', { id: r.id });
}

export async function matchingView() {
	const page = h('div.page');
	page.append(pageHeader(t('match.title'), { sub: t('match.sub') }));
	if (!(await matching.has(matching.routes.runs))) {
		page.append(notice('info', t('match.not_available')));
		return page;
	}
	if (can('matching:run')) {
		const form = new Form([
			{ name: 'scope', label: t('match.scope'), type: 'select', value: 'organisation', options: [['organisation', t('match.scope_org')], ['region', t('match.scope_region')]] },
			{ name: 'proposals_per_position', label: t('match.per_position'), inputmode: 'numeric', value: '3', check: (x) => v.wholeNumber(x, 1, 100) },
			{ name: 'proposals_per_candidate', label: t('match.per_candidate'), inputmode: 'numeric', value: '1', check: (x) => v.wholeNumber(x, 1, 100) },
		], {
			submitLabel: t('match.start'),
			testid: 'run-form',
			onSubmit: async (x) => {
				const r = await matching.startRun({ scope: x.scope, proposals_per_position: Number(x.proposals_per_position), proposals_per_candidate: Number(x.proposals_per_candidate) });
				toast(t('match.run_done'));
				navigate(`/matching/runs/${r.id}`);
			},
		});
		page.append(card(t('match.new_run'), h('p.muted', t('match.new_run_text')), form.el));
	}
	const table = pagedTable({
		testid: 'runs-table',
		caption: t('match.runs'),
		columns: [
			{ label: t('match.run'), render: (r) => h('a', { href: `/matching/runs/${r.id}` }, runTitle(r)) },
			{ label: t('match.when'), render: (r) => dateTime(r.created_at) },
			{ label: t('match.objective'), numeric: true, render: (r) => num(r.objective ?? r.total_score) },
			{ label: t('match.scope'), render: (r) => (r.scope === 'region' ? t('match.scope_region') : t('match.scope_org')) },
			{ label: t('match.proposal_count'), numeric: true, render: (r) => num(r.proposal_count) },
		],
		fetchPage: ({ cursor, limit }) => matching.runs({ cursor, limit }),
		emptyText: t('match.no_runs'),
	});
	page.append(card(t('match.runs'), table.el));
	return page;
}

// The fairness report, whatever its nesting: {dimension: [{group, proposals, pool, proposal_share_bp, pool_share_bp}]}.
function fairnessRows(fairness) {
	const out = {};
	for (const [dim, rows] of Object.entries(fairness || {})) {
		if (!rows || typeof rows !== 'object') continue; // totals
		const list = Array.isArray(rows) ? rows : Object.entries(rows).map(([k, x]) => ({ group: k, ...x }));
		out[dim] = list.map((x) => ({
			group: x.group ?? x.name ?? x.key ?? x.district ?? x.target_group ?? x.band ?? '?',
			proposals: x.proposals ?? x.proposal_count ?? 0,
			pool: x.pool ?? x.pool_count ?? x.candidates ?? 0,
			proposalShare: (x.proposal_share_bp ?? x.proposals_share_bp ?? 0) / 100,
			poolShare: (x.pool_share_bp ?? 0) / 100,
		}));
	}
	return out;
}

function groupLabel(dim, g) {
	if (dim.startsWith('target')) return tv('enum.target_group', g);
	if (dim.startsWith('district')) return t('dash.district', { d: g });
	return String(g);
}

export async function runView(params) {
	const id = Number(params.id);
	const r = await matching.run(id);
	const counts = r;
	const page = h('div.page.run-page', { 'data-testid': 'run-page' });
	page.append(pageHeader(runTitle(r), { sub: dateTime(r.created_at), back: { href: '/matching', label: t('match.title') } }));
	page.append(h('section.figures', { 'aria-label': t('dash.figures') },
		figure(t('match.objective'), num(r.objective ?? r.total_score), { sub: t('match.objective_sub'), testid: 'run-objective' }),
		figure(t('match.proposal_count'), num(r.proposal_count ?? counts.proposals), { sub: t('match.slots', { n: num(r.slots) }) }),
		figure(t('match.candidates'), num(r.candidates_eligible ?? counts.candidates), { sub: t('match.proposed_n', { n: num(r.candidates_proposed) }) }),
		figure(t('match.openings'), num(r.openings_eligible ?? counts.openings), { sub: t('match.proposed_n', { n: num(r.openings_proposed) }) })));
	const dims = fairnessRows(r.fairness);
	const entries = Object.entries(dims);
	if (!entries.length) page.append(card(t('match.fairness'), empty(t('match.no_fairness'))));
	for (const [dim, rows] of entries) {
		const labels = rows.map((x) => groupLabel(dim, x.group));
		page.append(card(`${t('match.fairness')}: ${tv('enum.fairness_dim', dim)}`,
			h('p.muted', t('match.fairness_text')),
			chartBox(`${t('match.fairness')} ${dim}`, {
				type: 'bar',
				data: {
					labels,
					datasets: [
						{ label: t('match.share_proposals'), data: rows.map((x) => x.proposalShare), backgroundColor: palette.primary },
						{ label: t('match.share_pool'), data: rows.map((x) => x.poolShare), backgroundColor: '#c9d3dc' },
					],
				},
				options: { scales: { y: { beginAtZero: true, ticks: { callback: (x) => `${x}%` } } } },
			}, rows.map((x, i) => [labels[i], `${pct(x.proposalShare)} / ${pct(x.poolShare)}`]), { testid: `fairness-${dim}`, height: 240 }),
			simpleTable([
				{ label: t('match.group'), render: (x) => groupLabel(dim, x.group) },
				{ label: t('match.proposal_count'), numeric: true, render: (x) => num(x.proposals) },
				{ label: t('match.share_proposals'), numeric: true, render: (x) => pct(x.proposalShare) },
				{ label: t('match.pool'), numeric: true, render: (x) => num(x.pool) },
				{ label: t('match.share_pool'), numeric: true, render: (x) => h('span', { class: x.proposalShare + 5 < x.poolShare ? 'under' : undefined }, pct(x.poolShare)) },
			], rows)));
	}
	const table = pagedTable({
		testid: 'run-proposals',
		caption: t('match.proposals'),
		columns: proposalColumns(() => refresh(), { showOpening: true }),
		fetchPage: ({ cursor, limit }) => matching.runProposals(id, { cursor, limit }),
		emptyText: t('match.no_proposals'),
	});
	page.append(card(t('match.proposals'), table.el));
	return page;
}
