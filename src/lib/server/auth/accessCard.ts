import QRCode from 'qrcode';
import { accessLinkUrl } from './accessLinks';

export interface AccessCardData {
	personName: string;
	conferenceName: string;
	url: string;
	qrSvg: string;
	expiresAt: Date | null;
	contactEmail: string | null;
	contactPhone: string | null;
}

/** Everything a printed access card shows. Built right after issuing: the token is not kept. */
export async function buildAccessCard(input: {
	origin: string;
	token: string;
	personName: string;
	conference: { name: string; settings: { contactEmail: string | null; contactPhone: string | null } };
	expiresAt: Date | null;
}): Promise<AccessCardData> {
	const url = accessLinkUrl(input.origin, input.token);
	const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
	return {
		personName: input.personName,
		conferenceName: input.conference.name,
		url,
		qrSvg,
		expiresAt: input.expiresAt,
		contactEmail: input.conference.settings.contactEmail,
		contactPhone: input.conference.settings.contactPhone
	};
}
