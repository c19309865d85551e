/** A BSN (or any 8-9 digit citizen number) shown with only its last four digits: `*****6782`. */
export function maskBsn(value: string | null | undefined): string {
	if (value === null || value === undefined || value === '') return '';
	const digits = String(value).replace(/\D/g, '');
	if (digits.length < 4) return '*****';
	return `*****${digits.slice(-4)}`;
}

/**
 * Masks a citizen number wherever it stands inside an identifier built from it (an SBA kenmerk such
 * as `1112.22.333.H.01`, an omzetbelastingnummer `NL111222333B01`), digits possibly split by dots or spaces.
 */
export function maskNumberInside(text: string, citizenNumber: string): string {
	const digits = citizenNumber.replace(/\D/g, '');
	if (digits.length < 8) return text;
	const pattern = new RegExp(digits.split('').join('[.\\s]?'));
	return text.replace(pattern, maskBsn(digits));
}

/** Replaces every 7-9 digit run that could be a BSN (7 and 8 digits: one that lost its leading zeros) inside free text. */
export function maskBsnsInText(text: string): string {
	return text.replace(/(?<!\d)\d{7,9}(?!\d)/g, (match) => maskBsn(match));
}

/** Removes secret values (tokens, passwords) from a text before it is shown or logged. */
export function maskSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
	let result = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) result = result.split(secret).join('***');
	}
	return result;
}
