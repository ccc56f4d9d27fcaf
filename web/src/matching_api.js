// matching_api.js: the matching routes (issue 4: shortlists, suggestions,
// proposal rounds, proposals and their life cycle), in one place, so that
// the screens do not depend on the exact shape of the answers. Whether the
// server has them is read from its OpenAPI document (public), so that a
// server without them gets no requests that fail.
import { get, post, api, busy } from './api.js';

let spec = null;
function openapiText() {
	if (!spec) {
		busy(1);
		spec = fetch('/api/v1/openapi.yaml', { credentials: 'same-origin' }).then((r) => (r.ok ? r.text() : '')).catch(() => '')
			.finally(() => busy(-1));
	}
	return spec;
}

export async function has(path) {
	const text = await openapiText();
	return text.includes(`"${path}":`) || text.includes(`${path}:`);
}

export const routes = {
	shortlist: '/openings/{id}/shortlist',
	suggestions: '/candidates/{id}/suggestions',
	runs: '/matching/runs',
	proposals: '/proposals',
};

function list(x) {
	if (Array.isArray(x)) return x;
	if (x && Array.isArray(x.items)) return x.items;
	if (x && Array.isArray(x.shortlist)) return x.shortlist;
	if (x && Array.isArray(x.candidates)) return x.candidates;
	if (x && Array.isArray(x.openings)) return x.openings;
	if (x && Array.isArray(x.proposals)) return x.proposals;
	return [];
}

// One scored pair, whatever the nesting: {candidate_id, opening_id, total, components: {name: points}}.
export function normalisePair(item) {
	const score = item.score;
	const total = typeof score === 'number' ? score : (score && (score.total ?? score.score)) ?? item.total ?? 0;
	let components = item.components ?? (score && (score.components ?? score.parts)) ?? item.parts ?? {};
	if (Array.isArray(components)) components = Object.fromEntries(components.map((c) => [c.name ?? c.component, c.points ?? c.value]));
	return {
		raw: item,
		candidate_id: item.candidate_id ?? (item.candidate && item.candidate.id) ?? null,
		opening_id: item.opening_id ?? (item.opening && item.opening.id) ?? null,
		total,
		components,
		distance_km: item.distance_km ?? (item.distance_m !== undefined ? item.distance_m / 1000 : null),
		candidate: item.candidate && typeof item.candidate === 'object' ? item.candidate : null,
		opening: item.opening && typeof item.opening === 'object' ? item.opening : null,
	};
}

export async function shortlist(openingId, k = 10) {
	return list(await get(`/openings/${openingId}/shortlist`, { k })).map(normalisePair);
}

export async function suggestions(candidateId, k = 10) {
	return list(await get(`/candidates/${candidateId}/suggestions`, { k })).map(normalisePair);
}

export function proposals(query) {
	return get('/proposals', query);
}

export function propose(openingId, candidateId) {
	return post('/proposals', { opening_id: Number(openingId), candidate_id: Number(candidateId) });
}

// A step in a proposal's life: introduce, hire, decline (with a reason).
export function answer(proposalId, step, body) {
	return api('POST', `/proposals/${proposalId}/${step}`, { body: body || {} });
}

export function runs(query) {
	return get('/matching/runs', query);
}

export function run(id) {
	return get(`/matching/runs/${id}`);
}

export function runProposals(id, query) {
	return get(`/matching/runs/${id}/proposals`, query);
}

export function startRun(body) {
	return post('/matching/runs', body);
}
