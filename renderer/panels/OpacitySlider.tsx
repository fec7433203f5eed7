import { useState } from 'react';

/**
 * A layer's opacity slider: previews locally while dragged and commits once when let go, so the
 * change is one undo step. Used by the layer row and the style editor.
 */
export function OpacitySlider({ label, opacity, onCommit, showValue }: { label: string; opacity: number; onCommit(opacity: number): void; showValue?: boolean }) {
  const [draft, setDraft] = useState<number | null>(null);
  const commit = () => {
    if (draft !== null && draft !== opacity) onCommit(draft);
    setDraft(null);
  };
  const value = draft ?? opacity;
  return (
    <>
      <input
        type="range"
        min={0}
        max={1}
        step={0.05}
        value={value}
        aria-label={label}
        onChange={(e) => setDraft(Number(e.target.value))}
        onPointerUp={commit}
        onKeyUp={commit}
        onBlur={commit}
      />
      {showValue && <output className="style-value">{`${Math.round(value * 100)} %`}</output>}
    </>
  );
}
