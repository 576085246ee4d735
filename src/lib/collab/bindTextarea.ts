import type * as Y from 'yjs';
import { diffText, mapPosition, type Delta } from './textDiff';

/**
 * Two-way binding of a plain <textarea> to a Y.Text: local typing becomes the smallest edit,
 * remote edits update the value and keep the caret where the person was writing.
 */
export function bindTextarea(textarea: HTMLTextAreaElement, text: Y.Text): () => void {
	const origin = Symbol('textarea');
	textarea.value = text.toString();

	const onInput = () => {
		const edit = diffText(text.toString(), textarea.value);
		if (!edit) return;
		text.doc!.transact(() => {
			if (edit.remove > 0) text.delete(edit.index, edit.remove);
			if (edit.insert) text.insert(edit.index, edit.insert);
		}, origin);
	};

	const onRemote = (event: Y.YTextEvent, transaction: Y.Transaction) => {
		if (transaction.origin === origin) return;
		const focused = document.activeElement === textarea;
		const start = mapPosition(textarea.selectionStart, event.delta as Delta);
		const end = mapPosition(textarea.selectionEnd, event.delta as Delta);
		textarea.value = text.toString();
		if (focused) textarea.setSelectionRange(start, end);
	};

	textarea.addEventListener('input', onInput);
	text.observe(onRemote);
	return () => {
		textarea.removeEventListener('input', onInput);
		text.unobserve(onRemote);
	};
}
