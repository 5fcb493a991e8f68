import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { axeViolations, closeApp, launchBrowser, openApp, screenshot } from './support/browser.ts';
import { exportJson } from '../../src/session/logs/export-json.ts';
import { sampleJournal } from '../../src/session/logs/sample-journal.fixture.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function connectNow(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__bootholdBench?.snapshots().some((s) => s.atReady) ?? false, null, { timeout: 15_000 });
  await page.getByRole('button', { name: /^(Connect modem|Connecter le modem)$/ }).first().click();
  await expect.poll(() => page.getByTestId('connection-status').textContent(), { timeout: 15_000 }).toMatch(/Connected to|Connecté à/);
}

async function sendAt(page: Page, command: string, expectText: string | RegExp): Promise<void> {
  await page.getByLabel(/^(AT command|Commande AT)$/).fill(command);
  await page.getByLabel(/^(AT command|Commande AT)$/).press('Enter');
  await expect.poll(() => page.getByTestId('transcript').textContent(), { timeout: 10_000 }).toMatch(expectText);
}

/** Whether the answer to `command` has reached IndexedDB (read in the page, as the app stores it). */
function storedAnswer(page: Page, command: string): Promise<boolean> {
  return page.evaluate(async (cmd) => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'boothold-sessions')) return false;
    return new Promise<boolean>((resolve) => {
      const req = indexedDB.open('boothold-sessions');
      req.onerror = () => resolve(false);
      req.onsuccess = () => {
        const db = req.result;
        try {
          const all = db.transaction('events', 'readonly').objectStore('events').getAll();
          all.onsuccess = () => {
            db.close();
            resolve(all.result.some((e: { kind: string; command?: string }) => e.kind === 'at-response' && e.command === cmd));
          };
          all.onerror = () => (db.close(), resolve(false));
        } catch {
          db.close();
          resolve(false);
        }
      };
    });
  }, command);
}

async function gotoSessions(page: Page): Promise<void> {
  await page.evaluate(() => (location.hash = '#/sessions'));
  await page.getByTestId('sessions-page').waitFor();
}

function sampleFile(): { name: string; mimeType: string; buffer: Buffer } {
  // Exported with identifiers kept, as a customer who opted out of redaction would send it.
  const text = exportJson(sampleJournal('customer-1'), { appVersion: '0.1.0', includeIdentifiers: true });
  return { name: 'boothold-session-customer.json', mimeType: 'application/json', buffer: Buffer.from(text) };
}

describe('session logs', () => {
  it('keeps the log of a page that crashed mid-session, up to the last event', async () => {
    const app = await openApp(browser, { query: 'sim=healthy', section: 'console' });
    const { page, context } = app;
    await connectNow(page);
    await sendAt(page, 'ATI', /IMEI: (\d{15})/);
    const imei = /IMEI: (\d{15})/.exec((await page.getByTestId('transcript').textContent()) ?? '')![1]!;
    await sendAt(page, 'AT+CGMR', /AT\+CGMR.*SWI9X07H_00\.08.*OK/s);
    // Wait until the batch with the last answer is in IndexedDB (state, not time); then the
    // renderer dies without any unload event.
    await expect.poll(() => storedAnswer(page, 'AT+CGMR'), { timeout: 15_000, interval: 100 }).toBe(true);
    const crashed = new Promise<void>((resolve) => page.once('crash', () => resolve()));
    const cdp = await context.newCDPSession(page);
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;

    const page2 = await context.newPage();
    await page2.goto(new URL('/#/sessions', page.url()).toString());
    await page2.getByTestId('sessions-page').waitFor();
    const row = page2.getByTestId('session-row').first();
    await expect.poll(() => row.getAttribute('data-outcome'), { timeout: 10_000 }).toBe('interrupted');
    expect(await row.textContent()).toContain('RC7620-1');
    expect(await row.textContent()).toContain(`•••${imei.slice(-4)}`); // masked on screen
    expect(await row.textContent()).not.toContain(imei);

    // Search by IMEI, model, result and date.
    const search = page2.getByLabel('Search sessions');
    for (const q of [imei, 'rc7620', 'interrupted', new Date().toISOString().slice(0, 10)]) {
      await search.fill(q);
      await expect.poll(() => page2.getByTestId('session-row').count()).toBe(1);
    }
    await search.fill('EM7455');
    await expect.poll(() => page2.getByTestId('session-row').count()).toBe(0);
    await search.fill('');

    await page2.getByTestId('session-row').first().getByRole('button', { name: /^Open the session/ }).click();
    await page2.getByTestId('session-view').waitFor();
    const timeline = page2.getByTestId('session-timeline');
    await expect.poll(() => timeline.textContent()).toContain('AT+CGMR');
    expect(await timeline.textContent()).toMatch(/AT\+CGMR.*SWI9X07H_00\.08\.24\.02.*OK/s);
    // Modem output on screen is masked too.
    expect(await timeline.textContent()).not.toContain(imei);
    expect(await page2.getByTestId('session-imei').textContent()).toBe(`${'•'.repeat(11)}${imei.slice(-4)}`);
    expect(await page2.getByTestId('session-outcome').textContent()).toBe('Interrupted');
    await screenshot(page2, 'sessions-after-crash');
    await closeApp(app);
  });

  it('two tabs: "Delete all" in tab B keeps the session tab A is recording (Web Locks), says so, and A loses no event', async () => {
    const app = await openApp(browser, { query: 'sim=healthy', section: 'console' });
    const { page, context } = app;
    await connectNow(page);
    for (const c of ['ATI', 'AT+CGMR', 'AT+CSQ']) await sendAt(page, c, new RegExp(`${c.replace('+', '\\+')}[\\s\\S]*OK`));
    // Tab B: same origin, same IndexedDB and Web Locks, another page.
    const tabB = await context.newPage();
    await tabB.goto(page.url().replace(/#.*$/, '#/sessions'));
    await tabB.getByTestId('sessions-page').waitFor();
    await expect.poll(() => tabB.getByTestId('session-row').count(), { timeout: 15_000 }).toBe(1);
    await tabB.getByRole('button', { name: 'Delete all sessions' }).click();
    await tabB.getByRole('group', { name: 'Delete all sessions' }).getByRole('button', { name: /^Delete$/ }).click();
    await expect.poll(() => tabB.getByTestId('sessions-held').textContent(), { timeout: 10_000 }).toContain('Kept 1 being recorded right now');
    expect(await tabB.getByTestId('session-row').count()).toBe(1);
    await screenshot(tabB, 'sessions-two-tabs-held');
    // Tab A writes on; its session still has everything, the commands from before included.
    await sendAt(page, 'AT+CPIN?', /\+CPIN: READY[\s\S]*OK/);
    await expect.poll(() => storedAnswer(tabB, 'AT+CPIN?'), { timeout: 15_000, interval: 100 }).toBe(true);
    await tabB.getByTestId('session-row').first().getByRole('button', { name: /^Open the session/ }).click();
    const timeline = tabB.getByTestId('session-timeline');
    await expect.poll(() => timeline.textContent(), { timeout: 15_000 }).toContain('AT+CPIN?');
    for (const c of ['ATI', 'AT+CGMR', 'AT+CSQ']) expect(await timeline.textContent()).toContain(c);
    await closeApp(app);
  });

  it('an imported masked export says so where the identifiers would be', async () => {
    const app = await openApp(browser, { section: 'sessions' });
    const { page } = app;
    await page.getByTestId('sessions-page').waitFor();
    const text = exportJson(sampleJournal('masked-1'), { appVersion: '0.1.0' });
    await page.locator('input[type=file]').setInputFiles({ name: 'masked.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.getByTestId('session-view').waitFor();
    expect(await page.getByTestId('session-imei').textContent()).toBe('•••••••••••0123 — masked in the imported file');
    expect(await page.getByTestId('session-ids-masked').textContent()).toContain('cannot be shown');
    expect(await page.getByLabel('Show IMEI, ICCID and IMSI').count()).toBe(0);
    await screenshot(page, 'sessions-imported-masked');
    expect(app.pageErrors).toEqual([]);
    await closeApp(app);
  });

  it('logs the findings of the diagnostic answers typed in the console, and reports them in French', async () => {
    const app = await openApp(browser, { query: 'sim=seed', section: 'console' });
    const { page } = app;
    await connectNow(page);
    // The module camps on Orange a few seconds after boot; ask until it names the operator.
    await expect
      .poll(
        async () => {
          await sendAt(page, 'AT+COPS?', /\+COPS:.*OK/s);
          return /\+COPS: 0,0,"Orange/.test((await page.getByTestId('transcript').textContent()) ?? '');
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(true);
    for (const [command, answer] of [
      ['ATI', /Model: RC7620-1/],
      ['AT!IMPREF?', /preferred carrier name:/i],
      ['AT!IMAGE?', /FW\s+1/],
      ['AT+CGDCONT?', /\+CGDCONT: 1/],
    ] as const) {
      await sendAt(page, command, answer);
    }
    await page.getByRole('button', { name: 'Disconnect' }).first().click();
    await page.evaluate(() => localStorage.setItem('boothold.locale', 'fr'));
    await page.reload();
    await gotoSessions(page);
    const row = page.getByTestId('session-row').first();
    await expect.poll(() => row.getAttribute('data-outcome'), { timeout: 10_000 }).toBe('problems');
    await row.getByRole('button', { name: /^Ouvrir la session/ }).click();
    const ids = () => page.locator('[data-testid="session-findings"] [data-finding]').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding')));
    await expect.poll(ids).toEqual(expect.arrayContaining(['carrier-mismatch']));
    expect(await page.getByTestId('session-findings').textContent()).toContain('GENERIC');
    const modem = await page.getByTestId('session-modem').textContent();
    expect(modem).toContain('SWI9X07H_00.08.07.00');
    await screenshot(page, 'sessions-seed-findings-fr');
    await page.getByRole('combobox').filter({ hasText: 'tout' }).selectOption('at');
    expect(await page.getByTestId('session-timeline').textContent()).toContain('AT!IMPREF?');
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger le rapport (texte)' }).click()]);
    const text = readFileSync((await d.path())!, 'utf8');
    expect(text).toContain('Rapport de session Boothold');
    expect(text).toMatch(/Constats\u202f:\n\s+\[Problème\]/);
    expect(text).toContain('Que faire\u202f:');
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
    await closeApp(app);
  });

  it('exports JSON and reports redacted by default, in clear only on opt-out, and copies a bug report', async () => {
    const app = await openApp(browser, { query: 'sim=healthy', section: 'console' });
    const { page, context } = app;
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await connectNow(page);
    await sendAt(page, 'AT+CGSN', /^.*\d{15}/s);
    const imei = /(\d{15})/.exec((await page.getByTestId('transcript').textContent()) ?? '')![1]!;
    await page.getByRole('button', { name: 'Disconnect' }).first().click();
    await gotoSessions(page);
    await expect.poll(() => page.getByTestId('session-row').first().getAttribute('data-outcome'), { timeout: 10_000 }).toBe('ok');
    await page.getByTestId('session-row').first().getByRole('button', { name: /^Open the session/ }).click();
    await page.getByTestId('session-view').waitFor();

    const download = async (name: string): Promise<string> => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      return readFileSync((await d.path())!, 'utf8');
    };
    const json = await download('Download JSON');
    const doc = JSON.parse(json);
    expect(doc).toMatchObject({ schema: 'boothold.session-log', version: 1, redacted: true });
    expect(doc.session.device.model).toBe('RC7620-1');
    expect(json).not.toContain(imei);
    expect(json).toContain(`•••${imei.slice(-4)}`);
    expect(doc.events.some((e: { kind: string; command?: string }) => e.kind === 'at-command' && e.command === 'AT+CGSN')).toBe(true);

    const html = await download('Download report (HTML)');
    expect(html).toContain('Boothold session report');
    expect(html).not.toContain(imei);

    await page.getByTestId('include-ids').check();
    const clear = await download('Download JSON');
    expect(clear).toContain(imei);
    expect(JSON.parse(clear).redacted).toBe(false);
    await page.getByTestId('include-ids').uncheck();

    await page.getByRole('button', { name: 'Copy bug report' }).click();
    await page.getByTestId('copy-status').waitFor();
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    expect(clip).toContain('Boothold bug report');
    expect(clip).toMatch(/Boothold 0\.1\.0 · Chrome/);
    expect(clip).toContain('RC7620-1');
    expect(clip).not.toContain(imei);
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
    await closeApp(app);
  });

  it('imports a customer file in French with the same findings, refuses bad files precisely, deletes', async () => {
    const app = await openApp(browser, { locale: 'fr-FR', path: '/#/sessions' });
    const { page } = app;
    await page.getByTestId('sessions-page').waitFor();
    expect(await page.getByRole('heading', { name: 'Sessions' }).count()).toBe(1);
    const input = page.locator('input[type=file]');

    await input.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
    await expect.poll(() => page.getByTestId('import-message').textContent()).toBe('notes.json est bien du JSON, mais pas un journal de session Boothold.');
    const newer = JSON.parse(sampleFile().buffer.toString());
    newer.version = 3;
    await input.setInputFiles({ name: 'futur.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(newer)) });
    await expect.poll(() => page.getByTestId('import-message').textContent()).toContain('version plus récente de Boothold (format de journal 3)');
    const broken = JSON.parse(sampleFile().buffer.toString());
    broken.events[2].lines = 'OK';
    await input.setInputFiles({ name: 'abime.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    await expect.poll(() => page.getByTestId('import-message').textContent()).toContain('à events[2].lines, on attendait une liste et on trouve "OK".');
    expect(await page.getByTestId('import-message').textContent()).toContain('Rien n’a été importé');
    await screenshot(page, 'sessions-import-error-fr');
    expect(await page.getByTestId('session-row').count()).toBe(0);

    await input.setInputFiles(sampleFile());
    await page.getByTestId('session-view').waitFor();
    const findings = page.getByTestId('session-findings');
    await expect.poll(() => findings.textContent()).toContain('L’image opérateur ne correspond pas à la SIM');
    expect(await findings.textContent()).toContain('Passer en GENERIC');
    expect(await page.getByTestId('session-outcome').textContent()).toBe('Problèmes détectés');
    // Dates in French; identifiers masked on screen even though the file has them in clear.
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toMatch(/Session du 25 nov\. 2026/);
    expect(await page.getByTestId('session-imei').textContent()).toBe('•••••••••••0123');
    await screenshot(page, 'sessions-imported-fr');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: /Retour à la liste/ }).first().click();
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(1);
    expect(await page.getByTestId('session-row').first().textContent()).toContain('importée');
    await expect.poll(() => page.getByTestId('storage-used').textContent()).toMatch(/^Sessions\u202f: 1 · [\d,]+\s?k?o utilisés/);
    await screenshot(page, 'sessions-list-fr');
    expect(await axeViolations(page)).toEqual([]);

    // The same file again is recognised, not duplicated.
    await input.setInputFiles(sampleFile());
    await expect.poll(() => page.getByTestId('import-message').textContent()).toBe('Cette session est déjà présente.');
    expect(await page.getByTestId('session-row').count()).toBe(1);

    await page.getByRole('button', { name: 'Supprimer toutes les sessions' }).click();
    await page.getByRole('group', { name: 'Supprimer toutes les sessions' }).getByRole('button', { name: 'Supprimer' }).click();
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(0);
    expect(await page.getByTestId('storage-used').textContent()).toMatch(/^Sessions\u202f: 0 · 0\s?octet utilisés/);

    // A session an update ended well (#16): the modem after the flow is the current state, the
    // findings made before it are folded away as the "before" state, the next step is a new check.
    const updated = JSON.parse(sampleFile().buffer.toString());
    updated.session.id = 'after-an-update';
    updated.session.device.firmware = 'SWI9X07H_00.08.24.02 f90cbd jenkins 2022/03/21 03:47:54';
    updated.session.flowState = {
      flow: 'update',
      at: updated.session.startedAt + 60_000,
      before: { firmware: 'SWI9X07H_00.08.07.00 0ce4c1 jenkins', carrier: 'SIERRA' },
      after: { firmware: 'SWI9X07H_00.08.24.02 f90cbd jenkins 2022/03/21 03:47:54', carrier: 'GENERIC' },
      findingsBefore: true,
    };
    await input.setInputFiles({ name: 'apres-mise-a-jour.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(updated)) });
    await page.getByTestId('session-after').waitFor();
    expect(await page.getByTestId('session-after').textContent()).toContain('Le modem après l’opération');
    expect(await page.getByTestId('session-after-firmware').textContent()).toMatch(/00\.08\.07\.00\s*00\.08\.24\.02/);
    expect(await page.getByTestId('session-after-carrier').textContent()).toMatch(/SIERRA\s*GENERIC/);
    expect(await page.getByTestId('session-firmware').textContent()).toContain('00.08.24.02');
    const shownFindings = await page.getByTestId('session-findings').evaluate((e) => (e as HTMLElement).innerText);
    expect(shownFindings).toContain('ces constats décrivent le modem avant celle-ci (00.08.07.00)');
    expect(shownFindings).not.toContain('L’image opérateur ne correspond pas à la SIM');
    expect(await page.getByTestId('session-next-steps').textContent()).toContain('Relancez «\u202fVérifier mon modem\u202f»');
    await screenshot(page, 'sessions-after-update-fr');
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
    await closeApp(app);
  });

  it('applies a tighter retention policy at once, oldest first', async () => {
    const app = await openApp(browser, { path: '/#/sessions' });
    const { page } = app;
    await page.getByTestId('sessions-page').waitFor();
    const input = page.locator('input[type=file]');
    for (let i = 0; i < 3; i++) {
      const text = exportJson(sampleJournal(`s${i}`, Date.UTC(2026, 10, 20 + i, 9)), { appVersion: '0.1.0' });
      await input.setInputFiles({ name: `s${i}.json`, mimeType: 'application/json', buffer: Buffer.from(text) });
      await page.getByTestId('session-view').waitFor();
      await page.getByRole('button', { name: /Back to the list/ }).first().click();
    }
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(3);
    await page.getByLabel('Sessions to keep').fill('2');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(2);
    const ids = await page.getByTestId('session-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(ids).toEqual(['s2', 's1']);
    expect(await page.getByTestId('storage-used').textContent()).toContain('Keeps the latest 2 sessions');
    await screenshot(page, 'sessions-retention');
    await closeApp(app);
  });

  it('shows the end of a long session first, and all of it on request', async () => {
    const app = await openApp(browser, { path: '/#/sessions' });
    const { page } = app;
    await page.getByTestId('sessions-page').waitFor();
    const base = sampleJournal('long-1');
    const events = Array.from({ length: 2500 }, (_, i) => ({ seq: 100 + i, t: base.meta.startedAt + i, kind: 'protocol' as const, dir: 'h2d' as const, text: `firehose <program> chunk ${i}` }));
    const text = exportJson({ ...base, events: [...base.events, ...events] }, { appVersion: '0.1.0' });
    await page.locator('input[type=file]').setInputFiles({ name: 'long.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.getByTestId('session-view').waitFor();
    const items = page.locator('[data-testid="session-timeline"] > li');
    await expect.poll(() => items.count()).toBe(2000);
    expect(await items.last().textContent()).toContain('chunk 2499');
    expect(await page.getByText('Showing the last 2,000 of 2,504 events.').count()).toBe(1);
    await page.getByRole('button', { name: 'Show all' }).click();
    await expect.poll(() => items.count()).toBe(2504);
    await closeApp(app);
  });
});
