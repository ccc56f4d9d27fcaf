// lib.mjs: what the UI tests share: the browser (Debian's chromium through
// playwright-core), pages that record every console error, failed request
// and error response, logging in through the login page, screenshots into
// test-artifacts/, and a small API client for setting up and checking data.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

export const BASE = process.env.SROI_UI_URL;
export const ARTIFACTS = process.env.SROI_UI_ARTIFACTS || 'test-artifacts';
if (!BASE) throw new Error('SROI_UI_URL is not set: run the tests with tests/run-ui-tests.sh');
mkdirSync(ARTIFACTS, { recursive: true });

export const PASSWORDS = Object.fromEntries(['administrator', 'consultant', 'buyer', 'jobcoach', 'supplier', 'auditor']
	.map((r) => [r, { email: `${r}@demo.example`, password: `demo-${r}` }]));

let browser = null;

// playwright gives every launch a fresh --user-data-dir of its own (a new
// temporary profile, removed on close) and refuses one passed in args.
export async function startBrowser() {
	browser = await chromium.launch({
		executablePath: process.env.SROI_CHROMIUM || '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	return browser;
}

export async function stopBrowser() {
	if (browser) await browser.close();
	browser = null;
}

// A page in a fresh context (its own cookies) that records problems.
// page.allow(pattern, status) lets an expected error response pass.
export async function newPage({ viewport = { width: 1360, height: 900 }, locale = 'nl-NL' } = {}) {
	const context = await browser.newContext({ viewport, locale, acceptDownloads: false });
	const page = await context.newPage();
	const problems = [];
	const allowed = [];
	const allowedStatuses = [];
	page.on('console', (m) => {
		if (m.type() !== 'error') return;
		// Chromium logs every error response; an expected one is not a problem.
		const s = /Failed to load resource: the server responded with a status of (\d+)/.exec(m.text());
		if (s && allowedStatuses.includes(Number(s[1]))) return;
		problems.push(`console error: ${m.text()}`);
	});
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	// A request cut off because the test loaded another page (page.goto,
	// reload) is not the application's failure: an aborted request counts
	// only when no new page was loaded after it failed.
	let navigations = 0;
	const aborted = [];
	page.on('framenavigated', (f) => {
		if (f === page.mainFrame()) navigations += 1;
	});
	page.on('requestfailed', (r) => {
		const text = r.failure() ? r.failure().errorText : '';
		const line = `request failed: ${r.method()} ${r.url()} ${text}`;
		if (text.includes('ERR_ABORTED')) aborted.push({ line, at: navigations });
		else problems.push(line);
	});
	page.on('response', (r) => {
		if (r.status() < 400) return;
		const url = r.url();
		if (allowed.some((a) => a.pattern.test(url) && (!a.status || a.status === r.status()))) {
			allowedStatuses.push(r.status());
			return;
		}
		problems.push(`HTTP ${r.status()}: ${r.request().method()} ${url}`);
	});
	page.allow = (pattern, status) => allowed.push({ pattern, status });
	page.problems = problems;
	page.assertClean = (what) => {
		const cut = aborted.filter((a) => a.at >= navigations).map((a) => a.line);
		assert.deepEqual([...problems, ...cut], [], `${what}: console errors or failed requests`);
	};
	page.closeAll = () => context.close();
	return page;
}

export async function login(page, role) {
	await page.goto(`${BASE}/login`);
	await page.getByLabel(/E-mailadres|E-mail address/).fill(PASSWORDS[role].email);
	await page.getByLabel(/Wachtwoord|Password/).fill(PASSWORDS[role].password);
	await page.getByTestId('login-submit').click();
	await page.waitForURL((u) => !u.pathname.startsWith('/login'));
	await page.locator('h1').first().waitFor();
}

// Waits until the screen has loaded: no request under way (the UI counts
// them on <html data-busy>) for a moment, and no spinner left.
export async function settled(page) {
	await page.waitForLoadState('load');
	for (let quiet = 0; quiet < 3;) {
		const idle = await page.evaluate(() => (document.documentElement.dataset.busy || '0') === '0' && !document.querySelector('main .loading, main .spinner'));
		quiet = idle ? quiet + 1 : 0;
		await page.waitForTimeout(100);
	}
}

export async function screenshot(page, name) {
	await settled(page);
	await page.evaluate(() => document.querySelectorAll('.toast').forEach((x) => x.remove()));
	await page.waitForTimeout(200); // charts draw on the next frame
	const path = join(ARTIFACTS, `${name}.png`);
	await page.screenshot({ path, fullPage: true });
	return path;
}

// A tiny valid PDF for evidence uploads.
export function samplePdf() {
	const dir = mkdtempSync(join(tmpdir(), 'sroi-ui-evidence-'));
	const path = join(dir, 'arbeidsovereenkomst.pdf');
	writeFileSync(path, '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
	return path;
}

// The API as one role, outside the browser: for setting up and checking.
export async function apiAs(role) {
	const res = await fetch(`${BASE}/api/v1/session`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(PASSWORDS[role]),
	});
	assert.equal(res.status, 200, `login as ${role}`);
	const cookie = res.headers.get('set-cookie').split(';')[0];
	const { user, csrf_token: csrf } = await res.json();
	const call = async (method, path, body) => {
		const r = await fetch(`${BASE}/api/v1${path}`, {
			method,
			headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body ? { 'Content-Type': 'application/json' } : {}) },
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await r.text();
		return { status: r.status, body: text ? JSON.parse(text) : null };
	};
	return { user, get: (p) => call('GET', p), post: (p, b) => call('POST', p, b) };
}

export async function routeExists(path) {
	const text = await (await fetch(`${BASE}/api/v1/openapi.yaml`)).text();
	return text.includes(`"${path}":`);
}

export function isoDay(offsetDays = 0) {
	const d = new Date(Date.now() + offsetDays * 86400000);
	return d.toISOString().slice(0, 10);
}

// "€ 50.000,00" -> 5000000 (cents)
export function eurosToCents(text) {
	const m = /(-?[\d.]+)(?:,(\d{2}))?/.exec(text.replace(/\s/g, ''));
	if (!m) return null;
	return Number(m[1].replace(/\./g, '')) * 100 + Number(m[2] || 0);
}

// Runs fn; when it throws, a screenshot of each page goes to
// test-artifacts/failure-NAME-N.png before the error is passed on.
export async function withFailureShots(name, pages, fn) {
	try {
		return await fn();
	} catch (err) {
		if (typeof pages === 'function') pages = pages();
		let i = 0;
		for (const p of pages.filter(Boolean)) {
			i += 1;
			await p.screenshot({ path: join(ARTIFACTS, `failure-${name}-${i}.png`), fullPage: true }).catch(() => {});
		}
		if (pages.some((p) => p && p.problems && p.problems.length)) err.message += `\nproblems seen: ${pages.flatMap((p) => (p && p.problems) || []).join('; ')}`;
		throw err;
	}
}
