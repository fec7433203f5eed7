import { describe, expect, it } from 'vitest';
import { MARKING_PRESETS, contrastingText, markingFor, markingPresets, markingWithColor } from '../../../shared/export/classification';
import { NATO_SCHEME, UN_SCHEME } from '../../../shared/domain/marking';

describe('classification banner colours', () => {
  it('puts a chosen banner colour under the text, with black or white text for contrast', () => {
    expect(markingWithColor('CONFIDENTIAL', '#FFEB3B')).toEqual({ text: 'CONFIDENTIAL', background: '#ffeb3b', color: '#000000' });
    expect(markingWithColor('Exercise only', '#1a237e')).toEqual({ text: 'EXERCISE ONLY', background: '#1a237e', color: '#ffffff' });
    // No (or no valid) colour: the marking's usual one.
    expect(markingWithColor('UNCLASSIFIED', '')).toEqual(markingFor('UNCLASSIFIED'));
    expect(markingWithColor('UNCLASSIFIED', 'red')).toEqual(markingFor('UNCLASSIFIED'));
  });

  it('chooses the text colour by luminance', () => {
    expect(contrastingText('#ffffff')).toBe('#000000');
    expect(contrastingText('#000000')).toBe('#ffffff');
    expect(contrastingText('#f2a900')).toBe('#000000');
    expect(contrastingText('#0055a4')).toBe('#ffffff');
  });

  it('takes the banner presets from the marking scheme, least restrictive first', () => {
    expect(MARKING_PRESETS.map((m) => m.text)).toEqual(['UNCLASSIFIED', 'CONFIDENTIAL', 'STRICTLY CONFIDENTIAL']);
    expect(MARKING_PRESETS).toEqual(markingPresets(UN_SCHEME));
    expect(markingPresets(NATO_SCHEME).map((m) => m.text)).toEqual(['NATO UNCLASSIFIED', 'NATO RESTRICTED', 'NATO CONFIDENTIAL', 'NATO SECRET']);
    expect(markingPresets(NATO_SCHEME)[3]).toEqual({ text: 'NATO SECRET', background: '#f2a900', color: '#000000' });
  });
});
