import { m } from '$lib/paraglide/messages';

/**
 * Why a request was refused, where its status alone does not say it: an address that does not
 * decode (400), a form action the page does not have (404), a form sent from another site (403),
 * a file larger than its upload form takes (413: not "too much text").
 */
export type ClientErrorReason = 'bad_address' | 'no_such_form' | 'cross_site' | 'file_too_large';

export interface ErrorWords {
	title: string;
	text: string;
}

/**
 * The plain words for a client error (4xx, but 429, whose words need the time to try again):
 * the error page shows them, and a script or a form's own handler gets the text as the error's
 * `message`. One place, so the page and the JSON never say different things.
 */
export function clientErrorWords(status: number, reason?: ClientErrorReason): ErrorWords {
	switch (reason) {
		case 'bad_address':
			return { title: m.error_bad_address_title(), text: m.error_bad_address_text() };
		case 'cross_site':
			return { title: m.error_cross_site_title(), text: m.error_cross_site_text() };
		case 'no_such_form':
			return { title: m.error_wrong_request_title(), text: m.error_wrong_request_text() };
		case 'file_too_large':
			return { title: m.error_file_too_large_title(), text: m.error_file_too_large_text() };
	}
	switch (status) {
		// Of our own answers, only a body that is not the form its type names is a 400 without a reason.
		case 400:
			return { title: m.error_400_title(), text: m.error_400_text() };
		case 401:
			return { title: m.error_401_title(), text: m.error_401_text() };
		case 403:
			return { title: m.error_403_title(), text: m.error_403_text() };
		case 404:
			return { title: m.error_404_title(), text: m.error_404_text() };
		case 413:
			return { title: m.error_413_title(), text: m.error_413_text() };
		// A method the route does not take, a POST where no form takes one, a body that is not a form:
		// sent by a tool, not by our pages.
		case 405:
		case 415:
			return { title: m.error_wrong_request_title(), text: m.error_wrong_request_text() };
		default:
			return { title: m.error_client_title(), text: m.error_client_text() };
	}
}
