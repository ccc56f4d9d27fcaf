// access.test.mjs: a supplier sees only its own contracts, through the UI
// and when it edits the URL to another supplier's contract (the API answers
// 404, and the UI shows "does not exist" and no figures).
import test from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, stopBrowser, newPage, login, settled, apiAs, BASE, withFailureShots } from './lib.mjs';

test.before(startBrowser);
test.after(stopBrowser);

test('a supplier cannot reach another supplier\'s contract through the UI or by editing the URL', async () => {
	const supplierApi = await apiAs('supplier');
	const consultantApi = await apiAs('consultant');
	const own = (await supplierApi.get('/contracts?limit=500')).body.items;
	assert.ok(own.length > 0, 'the demo supplier has contracts');
	assert.ok(own.every((c) => c.supplier_id === supplierApi.user.supplier_id));
	const all = (await consultantApi.get('/contracts?limit=200&status=running')).body.items;
	const other = all.find((c) => c.supplier_id && c.supplier_id !== supplierApi.user.supplier_id);
	assert.ok(other, 'the demo has a contract of another supplier');

	const page = await newPage();
	await withFailureShots('access', [page], async () => {
		await login(page, 'supplier');
		const table = page.getByTestId('portal-contracts');
		await table.locator('tbody tr').first().waitFor();
		await settled(page);
		const refs = await table.locator('tbody tr th a').allInnerTexts();
		assert.ok(refs.length > 0);
		for (const r of refs) assert.ok(own.some((c) => c.reference === r), `${r} is the supplier's own`);
		assert.ok(!refs.includes(other.reference));
		// The contract list of the organisation is not in the supplier's menu.
		assert.equal(await page.locator('[data-nav="contracts"]').count(), 0);

		page.allow(new RegExp(`/api/v1/contracts/${other.id}(\\?|$)`), 404);
		await page.goto(`${BASE}/contracts/${other.id}`);
		await page.getByText('Dit bestaat niet, of u hebt er geen toegang toe.').waitFor();
		assert.equal(await page.getByTestId('contract-figures').count(), 0);
		assert.equal(await page.getByText(other.reference).count(), 0);
		assert.equal(await page.getByText(other.title).count(), 0);
		// Its own contract opens.
		await page.goto(`${BASE}/contracts/${own[0].id}`);
		await page.getByTestId('contract-page').waitFor();
		page.assertClean('supplier contract pages');
	});
	await page.closeAll();
});
