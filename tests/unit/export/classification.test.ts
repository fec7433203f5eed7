import { describe, expect, it } from 'vitest';
import { contrastingText, markingFor, markingWithColor } from '../../../shared/export/classification';

describe('classification banner colours', () => {
  it('puts a chosen banner colour under the text, with black or white text for contrast', () => {
    expect(markingWithColor('UN RESTRICTED', '#FFEB3B')).toEqual({ text: 'UN RESTRICTED', background: '#ffeb3b', color: '#000000' });
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
});
