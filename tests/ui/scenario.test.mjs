// scenario.test.mjs: the end-to-end scenario in a real browser: a
// consultant creates and awards a contract and sees its obligation, adds an
// opening, opens its shortlist and proposes a candidate; the supplier marks
// the candidate hired and reports the realisation with an evidence file; the
// consultant accepts it; the dashboard and the contract page show the new
// figures. Screenshots of the dashboard, the contract page and the matching
// (opening) page go to test-artifacts/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, stopBrowser, newPage, login, screenshot, settled, samplePdf, apiAs, routeExists, isoDay, eurosToCents, withFailureShots } from './lib.mjs';

const stamp = Date.now().toString(36).toUpperCase();
const reference = `UI-${stamp}`;
const state = {};

test.before(async () => {
	await startBrowser();
	const supplier = await apiAs('supplier');
	state.supplierId = supplier.user.supplier_id;
	state.matching = (await routeExists('/openings/{id}/shortlist')) && (await routeExists('/proposals/{id}/hire'));
	state.consultant = await newPage();
	await login(state.consultant, 'consultant');
});

test.after(async () => {
	await stopBrowser();
});

test('the dashboard shows the portfolio before the scenario', async () => withFailureShots('the-dashboard-shows-the-portfolio-before', () => [state.consultant, state.supplier], async () => {
	const page = state.consultant;
	await page.goto(`${page.url().split('/').slice(0, 3).join('/')}/dashboard`);
	await page.getByTestId('fig-accepted').waitFor();
	await settled(page);
	state.before = eurosToCents(await page.getByTestId('fig-accepted').locator('.figure-sub').innerText());
	assert.ok(state.before > 0, 'the demo has accepted value');
	await page.getByTestId('chart-over-time').waitFor();
	page.assertClean('dashboard');}));

test('a consultant creates and awards a contract and sees its obligation', async () => withFailureShots('a-consultant-creates-and-awards-a-contra', () => [state.consultant, state.supplier], async () => {
	const page = state.consultant;
	await page.getByRole('link', { name: 'Contracten' }).click();
	await page.getByTestId('contracts-table').locator('tbody tr').first().waitFor();
	await page.getByTestId('new-contract').click();
	const form = page.getByTestId('contract-form');
	await form.getByLabel('Kenmerk').fill(reference);
	await form.getByLabel('Titel').fill('Schoonmaak stadskantoren (UI-test)');
	await form.getByLabel('Afdeling').fill('Facilitair');
	await form.getByLabel('CPV-code').fill('90910000-9');
	await form.getByLabel('Soort').selectOption('services');
	await form.getByLabel('Waarde excl. btw (€)').fill('1.000.000,00');
	await form.getByLabel('Begindatum').fill(isoDay(-60));
	await form.getByLabel('Einddatum').fill(isoDay(700));
	await form.getByLabel('Aandeel arbeid (%)').fill('60');
	await form.getByLabel('Opdrachtnemer').selectOption(String(state.supplierId));
	await page.getByTestId('contract-form-submit').click();
	await page.waitForURL(/\/contracts\/\d+$/);
	state.contractId = Number(page.url().split('/').pop());
	await page.getByTestId('award').click();
	await page.getByTestId('award-form-submit').click();
	await page.getByTestId('fig-obligation').waitFor();
	assert.match(await page.getByTestId('fig-obligation').innerText(), /50\.000/);
	assert.match(await page.getByTestId('policy-link').innerText(), /Haaglanden/);
	await page.getByTestId('step-start').click();
	await page.getByText('lopend').first().waitFor();
	page.assertClean('contract creation and award');}));

test('the consultant adds an opening, opens its shortlist and proposes a candidate', async (t) => withFailureShots('the-consultant-adds-an-opening-opens-its', () => [state.consultant, state.supplier], async () => {
	const page = state.consultant;
	await page.getByRole('link', { name: 'Vacatures' }).click();
	await page.getByTestId('new-opening').click();
	const form = page.getByTestId('opening-form');
	await form.getByLabel('Titel').fill(`Schoonmaker kantoren (${stamp})`);
	await form.getByLabel('Werkgever').selectOption(String(state.supplierId));
	await form.getByLabel('Contract').selectOption(String(state.contractId));
	await form.getByLabel('Soort').selectOption('job');
	await form.getByLabel('Beroep (ESCO-code)').fill('9112.1');
	await form.getByLabel('Postcode werkplek').fill('2511 BT');
	await form.getByLabel('Uren per week').fill('24');
	await form.getByLabel('Begindatum').fill(isoDay(14));
	await form.getByLabel('Maximale reisafstand (km)').fill('25');
	await page.getByTestId('opening-form-submit').click();
	await page.waitForURL(/\/openings\/\d+$/);
	state.openingId = Number(page.url().split('/').pop());
	if (!state.matching) {
		t.skip('the matching routes (/openings/{id}/shortlist, /proposals) are not in this server');
		return;
	}
	const shortlist = page.getByTestId('shortlist-table');
	await shortlist.waitFor();
	assert.ok(await shortlist.locator('.score-seg').count() > 0, 'score components are shown');
	assert.match(await shortlist.locator('.score-words').first().innerText(), /Beroep \d+/);
	await screenshot(page, 'matching');
	const propose = shortlist.locator('[data-testid^="propose-"]').first();
	state.candidateId = Number((await propose.getAttribute('data-testid')).split('-')[1]);
	await propose.click();
	const proposals = page.getByTestId('proposals-table');
	await proposals.locator('[data-testid^="introduce-"]').first().click();
	await proposals.getByText('kennismaking').first().waitFor();
	page.assertClean('opening and shortlist');}));

test('the supplier marks the candidate hired and reports the realisation with evidence', async () => withFailureShots('the-supplier-marks-the-candidate-hired-a', () => [state.consultant, state.supplier], async () => {
	const page = await newPage();
	state.supplier = page;
	await login(page, 'supplier');
	assert.match(page.url(), /\/portal$/);
	if (state.matching) {
		const proposals = page.getByTestId('portal-proposals');
		const hire = proposals.locator('[data-testid^="hire-"]').first();
		await hire.waitFor();
		await hire.click();
		const form = page.getByTestId('hire-form');
		await form.getByLabel('Begindatum').fill(isoDay(-30));
		await form.getByLabel('Einddatum').fill(isoDay(334));
		await page.getByTestId('hire-form-submit').click();
		await proposals.getByText('aangenomen').first().waitFor();
		await page.getByRole('link', { name: 'Mijn meldingen' }).click();
		await page.getByLabel('Contract').selectOption(String(state.contractId));
		const table = page.getByTestId('reports-table');
		await table.getByText('aanname').first().waitFor();
		const add = table.locator('[data-testid^="add-evidence-"]').first();
		await add.waitFor();
		state.realisationId = Number((await add.getAttribute('data-testid')).split('-').pop());
		await add.click();
		await page.getByTestId('evidence-form').getByLabel(/Bewijsstuk/).setInputFiles(samplePdf());
		await page.getByTestId('evidence-form-submit').click();
		await table.getByTestId('evidence-link').first().waitFor();
	} else {
		// Without the matching routes the supplier reports a training directly.
		await page.getByTestId('report-realisation').click();
		const form = page.getByTestId('report-form');
		await form.getByLabel('Contract').selectOption(String(state.contractId));
		await form.getByLabel('Soort').selectOption('training');
		await form.getByLabel('Begindatum').fill(isoDay(-10));
		await form.getByLabel('Einddatum').fill(isoDay(-5));
		await form.getByLabel('Kosten (€)').fill('2.500,00');
		await form.getByLabel(/Bewijsstuk/).setInputFiles(samplePdf());
		await page.getByTestId('report-form-submit').click();
		await page.waitForURL(/\/portal\/reports\?contract_id=\d+$/);
		await page.getByTestId('reports-table').getByTestId('evidence-link').first().waitFor();
	}
	page.assertClean('supplier portal');}));

test('the consultant accepts the realisation; the contract page and the dashboard show the new figures', async () => withFailureShots('the-consultant-accepts-the-realisation-t', () => [state.consultant, state.supplier], async () => {
	const page = state.consultant;
	await page.goto(`${new URL(page.url()).origin}/contracts/${state.contractId}`);
	const table = page.getByTestId('realisations-table');
	await table.getByTestId('evidence-link').first().waitFor();
	const accept = table.locator('[data-testid^="accept-"]').first();
	await accept.click();
	await table.getByText('geaccepteerd').first().waitFor();
	await page.getByTestId('fig-accepted').waitFor();
	const accepted = eurosToCents(await page.getByTestId('fig-accepted').locator('.figure-value').innerText());
	assert.ok(accepted > 0, 'the contract shows realised value');
	state.accepted = accepted;
	await screenshot(page, 'contract');
	await page.getByRole('link', { name: 'Dashboard' }).click();
	await page.getByTestId('fig-accepted').waitFor();
	await settled(page);
	const after = eurosToCents(await page.getByTestId('fig-accepted').locator('.figure-sub').innerText());
	const api = await apiAs('consultant');
	// Realised means "up to today" on the contract page and on the
	// dashboard alike: the dashboard grew by the contract's realised value.
	const summary = await api.get(`/contracts/${state.contractId}/summary`);
	const realised = summary.body.accepted_cents;
	assert.ok(realised > 0);
	// The dashboard shows whole euros: the difference is exact to within rounding.
	assert.ok(Math.abs(after - state.before - realised) <= 100, `the dashboard total grew by the value realised on the new contract (${after} - ${state.before} vs ${realised})`);
	await screenshot(page, 'dashboard');
	page.assertClean('accept and dashboard');
	await state.supplier.closeAll();}));
