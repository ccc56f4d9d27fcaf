// forms.test.mjs: forms check input as the user types with the API's rules,
// show the API's own error beside the field it names, and save nothing
// when the input is invalid.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, stopBrowser, newPage, login, apiAs, BASE, isoDay, withFailureShots } from './lib.mjs';

test.before(startBrowser);
test.after(stopBrowser);

function posts(page, pathRe) {
	const seen = [];
	page.on('request', (r) => {
		if (r.method() !== 'GET' && pathRe.test(new URL(r.url()).pathname)) seen.push(r.url());
	});
	return seen;
}

test('a contract with invalid input shows the errors beside the fields and nothing is saved', async () => {
	const page = await newPage();
	const reference = `UI-BAD-${Date.now().toString(36)}`;
	await withFailureShots('form-contract', [page], async () => {
		await login(page, 'consultant');
		const sent = posts(page, /^\/api\/v1\/contracts$/);
		await page.goto(`${BASE}/contracts/new`);
		const form = page.getByTestId('contract-form');
		await form.getByLabel('Kenmerk').fill(reference);
		await form.getByLabel('Titel').fill('Ongeldig contract');
		await form.getByLabel('Soort').selectOption('works');
		await form.getByLabel('Waarde excl. btw (€)').fill('12,3,4');
		await form.getByLabel('CPV-code').fill('4500');
		await form.getByLabel('Begindatum').fill(isoDay(10));
		await form.getByLabel('Einddatum').fill(isoDay(5));
		// As the user types: the errors appear beside their fields.
		await assertFieldError(page, 'value', 'Vul een bedrag in euro in');
		await assertFieldError(page, 'cpv_code', 'Een CPV-code ziet eruit als 45000000-7.');
		await page.getByTestId('contract-form-submit').click();
		await assertFieldError(page, 'end_date', 'De einddatum ligt vóór de begindatum.');
		assert.equal(sent.length, 0, 'nothing was sent');
		assert.equal(await form.getByLabel('CPV-code').getAttribute('aria-invalid'), 'true');

		// Right format, wrong check digit: only the API knows; its message shows beside the field.
		await form.getByLabel('Waarde excl. btw (€)').fill('300.000,00');
		await form.getByLabel('Einddatum').fill(isoDay(400));
		await form.getByLabel('CPV-code').fill('45000000-1');
		page.allow(/\/api\/v1\/contracts$/, 422);
		await page.getByTestId('contract-form-submit').click();
		await assertFieldError(page, 'cpv_code', /check digit/);
		assert.equal(sent.length, 1);
		assert.match(page.url(), /\/contracts\/new$/);
		const api = await apiAs('consultant');
		const found = await api.get(`/contracts?reference=${reference}`);
		assert.equal(found.body.items.length, 0, 'nothing was saved');
		page.assertClean('contract form');
	});
	await page.closeAll();
});

test('a candidate with an invalid BSN and postcode is refused before anything is sent', async () => {
	const page = await newPage();
	await withFailureShots('form-candidate', [page], async () => {
		await login(page, 'jobcoach');
		const sent = posts(page, /^\/api\/v1\/candidates/);
		await page.goto(`${BASE}/candidates/new`);
		const form = page.getByTestId('candidate-form');
		await form.getByLabel('Postcode').fill('0123 AB');
		await form.getByLabel('Uren per week').fill('32');
		await form.getByLabel('Naam').fill('Test Persoon');
		await form.getByLabel('BSN').fill('123456789');
		await assertFieldError(page, 'bsn', 'Dit is geen geldig BSN (de elfproef klopt niet).');
		await assertFieldError(page, 'postcode', 'Een postcode ziet eruit als 1234 AB.');
		await page.getByTestId('candidate-form-submit').click();
		assert.equal(sent.length, 0, 'nothing was sent');
		// A valid BSN (eleven-test) clears the error as the user types.
		await form.getByLabel('BSN').fill('111222333');
		await assertFieldError(page, 'bsn', '');
		page.assertClean('candidate form');
	});
	await page.closeAll();
});

async function assertFieldError(page, field, expected) {
	const el = page.locator(`[data-error-for="${field}"]`);
	if (expected === '') {
		await page.waitForFunction((f) => document.querySelector(`[data-error-for="${f}"]`).textContent === '', field);
		return;
	}
	await el.waitFor();
	const text = await el.innerText();
	if (expected instanceof RegExp) assert.match(text, expected);
	else assert.ok(text.includes(expected), `${field}: "${text}" should say "${expected}"`);
}
