// i18n.test.mjs: the Dutch and the English tables have the same keys, no
// empty strings, and the same {placeholders} in each string.
import test from 'node:test';
import assert from 'node:assert/strict';
import nl from '../../web/src/i18n/nl.js';
import en from '../../web/src/i18n/en.js';

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('the Dutch and English tables have the same keys', () => {
	assert.deepEqual(Object.keys(en).sort(), Object.keys(nl).sort());
});

test('no translation is empty', () => {
	for (const [name, table] of [['nl', nl], ['en', en]])
		for (const [k, v] of Object.entries(table)) assert.ok(typeof v === 'string' && v.trim() !== '', `${name}: ${k} is empty`);
});

test('each key has the same placeholders in both languages', () => {
	for (const k of Object.keys(nl)) assert.deepEqual(placeholders(en[k]), placeholders(nl[k]), k);
});
