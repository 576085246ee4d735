import { describe, expect, it } from 'vitest';
import { signLanguageVideo } from './signLanguageVideo';

describe('signLanguageVideo', () => {
	it('plays video files in the page', () => {
		expect(signLanguageVideo('https://kreis.example/dgs/ratschlag.mp4')).toEqual({
			kind: 'file',
			url: 'https://kreis.example/dgs/ratschlag.mp4',
			type: 'video/mp4'
		});
		expect(signLanguageVideo('https://kreis.example/DGS.WEBM?v=2')).toMatchObject({ kind: 'file', type: 'video/webm' });
	});

	it('links to anything else', () => {
		expect(signLanguageVideo('https://video.example/watch?v=abc')).toEqual({ kind: 'link', url: 'https://video.example/watch?v=abc' });
		// The file ending counts in the path only, not in a query.
		expect(signLanguageVideo('https://video.example/play?file=a.mp4')).toMatchObject({ kind: 'link' });
	});

	it('offers nothing without an https address', () => {
		expect(signLanguageVideo(null)).toBeNull();
		expect(signLanguageVideo('')).toBeNull();
		expect(signLanguageVideo('http://kreis.example/dgs.mp4')).toBeNull();
		expect(signLanguageVideo('javascript:alert(1)')).toBeNull();
		expect(signLanguageVideo('not a url')).toBeNull();
	});
});
