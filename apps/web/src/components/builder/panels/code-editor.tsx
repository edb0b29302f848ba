'use client';

/** CodeMirror with JavaScript highlighting (loaded on demand by the Code panel: not in the first bundle). */
import { javascript } from '@codemirror/lang-javascript';
import { EditorView } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';

const extensions = [javascript(), EditorView.lineWrapping, EditorView.contentAttributes.of({ 'aria-label': 'Code' })];

interface CodeEditorProps {
  value: string;
  onChange: (next: string) => void;
  readOnly: boolean;
  invalid: boolean;
}

export default function CodeEditor({ value, onChange, readOnly, invalid }: CodeEditorProps) {
  return (
    <div className={`overflow-hidden rounded-md border text-sm ${invalid ? 'border-red-400' : 'border-slate-300'}`}>
      <CodeMirror
        value={value}
        onChange={onChange}
        extensions={extensions}
        editable={!readOnly}
        readOnly={readOnly}
        // No completion popup: Enter always breaks the line.
        basicSetup={{ autocompletion: false, foldGutter: false }}
        minHeight="180px"
        maxHeight="420px"
      />
    </div>
  );
}
