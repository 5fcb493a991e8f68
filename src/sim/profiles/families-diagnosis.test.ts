/**
 * The diagnosis of each family added as data, as the app runs it (ATI … AT+CGDCONT? over an AT
 * session): identity, firmware, carrier image, the family's `!GSTATUS?` layout (ENDC on the
 * 5G modules, no CA line on 9x15), and no error-level finding on a healthy module.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../knowledge/rules/engine.ts';
import { AtSession } from '../../session/at/at-session.ts';
import { runSnapshot } from '../../session/at/snapshot.ts';
import { modemFacts } from '../../session/analysis/report.ts';
import { RealClock, ScaledClock } from '../clock.ts';
import { startVirtualBench } from '../index.ts';
import type { ScenarioId } from '../scenarios.ts';
import { waitUntil } from '../bench.fixture.ts';

const CASES: readonly { scenario: ScenarioId; model: string; firmware: string; systemMode: string; act: number }[] = [
  { scenario: 'mc7304', model: 'MC7304', firmware: 'SWI9X15C_05.05.02.00', systemMode: 'LTE', act: 7 },
  { scenario: 'mc7354', model: 'MC7354', firmware: 'SWI9X15C_05.05.02.00', systemMode: 'LTE', act: 7 },
  { scenario: 'em9191', model: 'EM9191', firmware: 'SWIX55C_02.08.01.00', systemMode: 'ENDC', act: 13 },
  { scenario: 'em9293', model: 'EM9293', firmware: 'SWIX65C_02.13.08.00', systemMode: 'ENDC', act: 13 },
  { scenario: 'wp7702', model: 'WP7702', firmware: 'SWI9X06Y_02.16.06.00', systemMode: 'LTE', act: 7 },
];

describe.each(CASES)('$scenario diagnosis', (c) => {
  it(`reads ${c.model} on ${c.firmware}, GENERIC, ${c.systemMode}`, async () => {
    const bench = startVirtualBench({ scenario: c.scenario, seed: 3, clock: new ScaledClock(new RealClock(), 0.01) });
    try {
      await waitUntil(() => bench.modem().snapshot().atReady, 15_000);
      await waitUntil(() => bench.modem().registration().attached, 15_000);
      const session = new AtSession(bench.connectMemory('at'));
      const s = await runSnapshot(session);
      await session.close();
      expect(s.identity?.model).toBe(c.model);
      expect(s.firmware?.firmware).toBe(c.firmware);
      expect(s.imagePreference?.current.carrier).toBe('GENERIC');
      expect(s.gstatus?.systemMode).toBe(c.systemMode);
      expect(s.gstatus?.psState).toBe('Attached');
      expect(s.operator).toMatchObject({ operator: 'Orange F', act: c.act });
      if (c.systemMode === 'ENDC') expect(s.gstatus?.fields['PCC RxM1 RSSI']).toBeDefined();
      if (c.scenario.startsWith('mc73')) expect(s.answers.impref?.command).toBe('AT!GOBIIMPREF?');
      const facts = modemFacts(s, null);
      expect(facts.firmwareVersion).toBe(c.firmware.split('_')[1]);
      const errors = evaluate({ snapshot: s, errors: [], signals: [] }).filter((f) => f.severity === 'error');
      expect(errors.map((f) => f.id)).toEqual([]);
    } finally {
      bench.dispose();
    }
  }, 30_000);
});
