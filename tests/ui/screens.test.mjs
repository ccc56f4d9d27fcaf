// screens.test.mjs: every screen of every role opens without a console
// error, a failed request or an error response; the language toggle turns
// the UI into English and is remembered; a phone-sized screen gets the
// menu button; the keyboard reaches the main content through the skip link.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, stopBrowser, newPage, login, settled, screenshot, BASE, withFailureShots } from './lib.mjs';

test.before(startBrowser);
test.after(stopBrowser);

const ROLES = ['consultant', 'buyer', 'jobcoach', 'supplier', 'auditor', 'administrator'];

// The first link in a table of the current page that goes to a detail page.
async function firstDetail(page, prefix) {
	const link = page.locator(`main table a[href^="${prefix}"]`).first();
	return (await link.count()) ? link.getAttribute('href') : null;
}

for (const role of ROLES) {
	test(`every screen of the ${role} opens cleanly`, async () => {
		const page = await newPage();
		await withFailureShots(`screens-${role}`, [page], async () => {
			await login(page, role);
			await settled(page);
			const hrefs = await page.locator('#primary-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
			assert.ok(hrefs.length >= 2, `${role} has a menu`);
			const details = [];
			for (const href of hrefs) {
				await page.locator(`#primary-nav a[href="${href}"]`).click();
				await page.waitForURL((u) => u.pathname === href);
				await settled(page);
				assert.equal(await page.locator('h1').count() >= 1, true, `${href} has a heading`);
				for (const prefix of ['/contracts/', '/openings/', '/candidates/', '/policies/', '/matching/runs/']) {
					const d = await firstDetail(page, prefix);
					if (d && !details.some((x) => x.startsWith(prefix))) details.push(d);
				}
			}
			for (const href of details) {
				await page.goto(`${BASE}${href}`);
				await page.locator('h1').first().waitFor();
				await settled(page);
			}
			for (const extra of { supplier: ['/portal/report', '/portal/blocks'], consultant: ['/contracts/new', '/openings/new', '/candidates/new', '/follow-ups'], jobcoach: ['/candidates/new', '/follow-ups'] }[role] || []) {
				await page.goto(`${BASE}${extra}`);
				await page.locator('h1').first().waitFor();
				await settled(page);
			}
			page.assertClean(`${role}: ${hrefs.concat(details).join(', ')}`);
		});
		await page.closeAll();
	});
}

test('the language toggle switches to English and is remembered', async () => {
	const page = await newPage();
	await withFailureShots('language', [page], async () => {
		await login(page, 'consultant');
		await page.goto(`${BASE}/contracts`);
		await page.getByRole('heading', { name: 'Contracten' }).waitFor();
		await settled(page);
		await page.getByTestId('lang-toggle').click();
		await page.getByRole('heading', { name: 'Contracts' }).waitFor();
		await settled(page);
		await page.reload();
		await page.getByRole('heading', { name: 'Contracts' }).waitFor();
		assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
		await page.getByTestId('lang-toggle').click();
		await page.getByRole('heading', { name: 'Contracten' }).waitFor();
		page.assertClean('language toggle');
	});
	await page.closeAll();
});

test('a phone-sized screen has a menu button, and the keyboard reaches the content', async () => {
	const page = await newPage({ viewport: { width: 390, height: 844 } });
	await withFailureShots('phone', [page], async () => {
		await login(page, 'supplier');
		const toggle = page.locator('.menu-toggle');
		assert.ok(await toggle.isVisible(), 'the menu button shows');
		assert.equal(await page.locator('#primary-nav').isVisible(), false);
		await toggle.click();
		assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
		await page.locator('#primary-nav a[href="/portal/blocks"]').click();
		await page.getByTestId('blocks-menu').waitFor();
		await page.getByTestId('calc-evaluate').click();
		await page.getByTestId('calc-total').waitFor();
		await screenshot(page, 'phone-building-blocks');
		// Keyboard: the first Tab reaches the skip link, Enter moves focus to the main region.
		await page.goto(`${BASE}/portal`);
		await page.locator('h1').first().waitFor();
		await page.keyboard.press('Tab');
		assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
		await page.keyboard.press('Enter');
		assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
		page.assertClean('phone');
	});
	await page.closeAll();
});

test('the login page lists the demo accounts only when the API says it is a demo', async (t) => {
	const health = await (await fetch(`${BASE}/api/v1/health`)).json();
	const page = await newPage();
	await withFailureShots('demo-logins', [page], async () => {
		await page.goto(`${BASE}/login`);
		await page.getByTestId('login-submit').waitFor();
		await settled(page);
		if (!Array.isArray(health.demo_logins) && health.demo !== true) {
			assert.equal(await page.getByTestId('demo-logins').count(), 0);
			t.skip('GET /api/v1/health reports no demo_logins (route field not there yet)');
			return;
		}
		const box = page.getByTestId('demo-logins');
		await box.waitFor();
		await box.getByRole('button', { name: /Consulent/ }).click();
		await page.getByTestId('login-submit').click();
		await page.waitForURL((u) => u.pathname === '/inbox');
		page.assertClean('demo login');
	});
	await page.closeAll();
});
