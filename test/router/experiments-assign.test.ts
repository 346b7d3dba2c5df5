import { describe, expect, it } from 'vitest';
import { assignArm } from '../../src/index.js';
import { RecentRequests } from '../../src/router/experiments/recent-requests.js';
import { inShadowSample } from '../../src/router/experiments/shadow-sample.js';

const experiment = {
  name: 'cheap-first',
  arms: [
    { name: 'control', weight: 1 },
    { name: 'cascade', weight: 1 },
  ],
};

describe('assignArm', () => {
  it('is sticky: the same user gets the same arm every time, whatever else differs', () => {
    const first = assignArm(experiment, { metadata: { user: 'u-17' }, requestId: 'r1' });
    for (let i = 0; i < 20; i++) {
      const again = assignArm(experiment, { metadata: { user: 'u-17', tenant: `t${i}` }, requestId: `r${i}` });
      expect(again.arm).toBe(first.arm);
      expect(again.position).toBe(first.position);
    }
    expect(first.unit).toBe('user');
  });

  it('assigns by user, else tenant, else request id', () => {
    const byUser = assignArm(experiment, { metadata: { user: 'u', tenant: 't' }, requestId: 'r' });
    const byTenant = assignArm(experiment, { metadata: { tenant: 't' }, requestId: 'r' });
    const byRequest = assignArm(experiment, { metadata: {}, requestId: 'r' });
    expect([byUser.unit, byTenant.unit, byRequest.unit]).toEqual(['user', 'tenant', 'request']);
    // The unit's key is what is hashed: a tenant named like a user lands where that user does.
    expect(assignArm(experiment, { metadata: { tenant: 'u' } }).position).toBe(byUser.position);
    expect(assignArm(experiment, { requestId: 't' }).position).toBe(byTenant.position);
    expect(() => assignArm(experiment, {})).toThrow(/metadata\.user, metadata\.tenant or a requestId/);
  });

  it('splits 10,000 users within 2 points of the weights (1 : 3 : 6)', () => {
    const weighted = {
      name: 'three-way',
      arms: [
        { name: 'a', weight: 1 },
        { name: 'b', weight: 3 },
        { name: 'c', weight: 6 },
      ],
    };
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) counts[assignArm(weighted, { metadata: { user: `user-${i}` } }).arm]! += 1;
    expect(Math.abs(counts.a! / 10_000 - 0.1)).toBeLessThan(0.02);
    expect(Math.abs(counts.b! / 10_000 - 0.3)).toBeLessThan(0.02);
    expect(Math.abs(counts.c! / 10_000 - 0.6)).toBeLessThan(0.02);
  });

  it('splits the same users independently in two experiments (the name is part of the hash)', () => {
    const other = { ...experiment, name: 'judge-vs-logprobs' };
    let same = 0;
    for (let i = 0; i < 10_000; i++) {
      const request = { metadata: { user: `user-${i}` } };
      if (assignArm(experiment, request).arm === assignArm(other, request).arm) same += 1;
    }
    // Independent 50/50 splits agree about half the time; correlated ones would agree far more.
    expect(Math.abs(same / 10_000 - 0.5)).toBeLessThan(0.03);
  });

  it('gives everyone the one arm of a one-arm experiment, and maps positions onto cumulative weights', () => {
    const single = { name: 'solo', arms: [{ name: 'only', weight: 0.5 }] };
    expect(assignArm(single, { requestId: 'x' })).toMatchObject({ arm: 'only', armIndex: 0 });
    for (let i = 0; i < 200; i++) {
      const a = assignArm(
        {
          name: 'e',
          arms: [
            { name: 'low', weight: 2 },
            { name: 'high', weight: 6 },
          ],
        },
        { requestId: `r${i}` },
      );
      expect(a.arm).toBe(a.position < 0.25 ? 'low' : 'high');
    }
  });
});

describe('inShadowSample', () => {
  it('samples deterministically, close to the requested share', () => {
    let sampled = 0;
    for (let i = 0; i < 10_000; i++) if (inShadowSample('cand', `req-${i}`, 0.1)) sampled += 1;
    expect(Math.abs(sampled / 10_000 - 0.1)).toBeLessThan(0.015);
    expect(inShadowSample('cand', 'req-1', 0.1)).toBe(inShadowSample('cand', 'req-1', 0.1));
    expect(inShadowSample('cand', 'anything', 1)).toBe(true);
  });
});

describe('RecentRequests', () => {
  it('forgets the oldest id beyond its capacity', () => {
    const recent = new RecentRequests<number>(3);
    for (let i = 1; i <= 4; i++) recent.set(`r${i}`, i);
    expect(recent.size).toBe(3);
    expect(recent.get('r1')).toBeUndefined();
    expect(recent.get('r4')).toBe(4);
  });
});
