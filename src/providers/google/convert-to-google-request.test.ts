import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../spec/request.js';
import { convertToGoogleRequest } from './convert-to-google-request.js';

const base: ChatRequest = { messages: [{ role: 'user', content: 'hi' }], maxOutputTokens: 100 };

describe('convertToGoogleRequest', () => {
  it('always turns automatic continuation off and sets nothing it was not asked for', () => {
    const { config, contents, warnings } = convertToGoogleRequest(base);
    expect(config).toEqual({ automaticContinuation: false, maxOutputTokens: 100 });
    expect(contents).toEqual([{ role: 'user', parts: [{ text: 'hi' }] }]);
    expect(warnings).toEqual([]);
  });

  it('keeps thoughts + answer within the cap for every budget', () => {
    for (const [cap, budget] of [
      [100, 50],
      [100, 99],
      [100, 100],
      [100, 10_000],
      [2, 1],
      [8192, 24576],
    ] as const) {
      const { config } = convertToGoogleRequest({ ...base, maxOutputTokens: cap, reasoning: { budgetTokens: budget } });
      const thinking = config.thinkingConfig?.thinkingBudget as number;
      expect(thinking).toBeGreaterThan(0);
      expect(config.maxOutputTokens).toBeGreaterThanOrEqual(1);
      expect(thinking + (config.maxOutputTokens as number)).toBeLessThanOrEqual(cap);
    }
  });

  it('a cap of 1 leaves no room to think: budget 0, with a warning', () => {
    const { config, warnings } = convertToGoogleRequest({ ...base, maxOutputTokens: 1, reasoning: { effort: 'high' } });
    expect(config).toMatchObject({ maxOutputTokens: 1, thinkingConfig: { thinkingBudget: 0 } });
    expect(warnings).toEqual(['thinking budget 24576 clamped to 0 so that thinking + answer fit maxOutputTokens 1']);
  });

  it('turns a data: URL into inlineData', () => {
    const { contents } = convertToGoogleRequest({
      ...base,
      messages: [{ role: 'user', content: [{ type: 'image', url: 'data:image/gif;base64,R0lGODlh' }] }],
    });
    expect(contents[0]?.parts).toEqual([{ inlineData: { mimeType: 'image/gif', data: 'R0lGODlh' } }]);
  });

  it('keeps five stop sequences and warns about the rest', () => {
    const { config, warnings } = convertToGoogleRequest({ ...base, stop: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] });
    expect(config.stopSequences).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(warnings).toEqual(['Gemini accepts at most 5 stop sequences; dropped 2']);
  });

  it('warns when a tool result names no tool and answers no known call', () => {
    const { contents, warnings } = convertToGoogleRequest({
      ...base,
      messages: [{ role: 'tool', toolCallId: 'orphan', content: '[1,2]' }],
    });
    expect(contents).toEqual([
      { role: 'user', parts: [{ functionResponse: { id: 'orphan', name: 'orphan', response: { output: [1, 2] } } }] },
    ]);
    expect(warnings[0]).toMatch(/orphan.*no toolName/);
  });

  it('warns when toolChoice requires a tool but there are no tools', () => {
    const { config, warnings } = convertToGoogleRequest({ ...base, toolChoice: 'required' });
    expect(config.toolConfig).toBeUndefined();
    expect(warnings).toEqual(['toolChoice was ignored: the request has no tools']);
  });

  it('merges adjacent turns of the same role and skips empty text', () => {
    const { contents } = convertToGoogleRequest({
      ...base,
      messages: [
        { role: 'user', content: 'one' },
        { role: 'system', content: 'hoisted' },
        { role: 'user', content: 'two' },
        { role: 'assistant', content: '' },
        { role: 'assistant', content: [{ type: 'text', text: 'three' }] },
      ],
    });
    expect(contents).toEqual([
      { role: 'user', parts: [{ text: 'one' }, { text: 'two' }] },
      { role: 'model', parts: [{ text: 'three' }] },
    ]);
  });
});
