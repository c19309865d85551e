import { advanceCursor } from '../../../nodes/Nextens/domain/sbaCursor';

describe('SBA cursor (boundary dedupe)', () => {
	const s = (id: string, ontvangenOp: string) => ({ id, ontvangenOp });

	test('keeps the last instant and the ids seen at it', () => {
		const first = advanceCursor({}, [s('a', '2025-01-01T00:00:00.000Z'), s('b', '2025-01-02T00:00:00.000Z'), s('c', '2025-01-02T00:00:00.000Z')]);
		expect(first.fresh.map((x) => x.id)).toEqual(['a', 'b', 'c']);
		expect(first.cursor).toEqual({ lastReceived: '2025-01-02T00:00:00.000Z', idsAtLast: ['b', 'c'] });
		// since is inclusive: b and c come back and are dropped; d at the same instant is new
		const second = advanceCursor(first.cursor, [s('b', '2025-01-02T00:00:00.000Z'), s('c', '2025-01-02T00:00:00.000Z'), s('d', '2025-01-02T00:00:00.000Z')]);
		expect(second.fresh.map((x) => x.id)).toEqual(['d']);
		expect(second.cursor.idsAtLast).toEqual(['b', 'c', 'd']);
		const third = advanceCursor(second.cursor, [s('c', '2025-01-02T00:00:00.000Z'), s('e', '2025-01-03T00:00:00.000Z')]);
		expect(third.fresh.map((x) => x.id)).toEqual(['e']);
		expect(third.cursor).toEqual({ lastReceived: '2025-01-03T00:00:00.000Z', idsAtLast: ['e'] });
	});

	test('nothing new leaves the cursor as it was', () => {
		const cursor = { lastReceived: '2025-01-02T00:00:00.000Z', idsAtLast: ['b'] };
		expect(advanceCursor(cursor, [s('b', '2025-01-02T00:00:00.000Z')])).toEqual({ fresh: [], cursor });
	});
});

describe('resource mapper fields', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { getClientFields } = require('../../../nodes/Nextens/methods/resourceMapping');
	const ctx = (value: unknown) => ({
		getNodeParameter: () => {
			if (value instanceof Error) throw value;
			return value;
		},
	});

	test('person and organisation lists cover both partner field sets', async () => {
		const person = (await getClientFields.call(ctx('persoon'))).fields.map((f: { id: string }) => f.id);
		expect(person).toEqual(expect.arrayContaining(['achternaam', 'bsn', 'geboortedatum', 'geslacht', 'klantnummer', 'email',
			'correspondentieStraatnaam', 'correspondentieLand', 'bezoekStraatnaam', 'telefoonAlgemeen', 'telefoonMobiel', 'telefoonZakelijk']));
		const org = (await getClientFields.call(ctx('organisatie'))).fields.map((f: { id: string }) => f.id);
		expect(org).toEqual(expect.arrayContaining(['naam', 'kvkNummer', 'fiscaalNummer', 'volgnummer', 'btwNummer', 'iban', 'klantnummer', 'email',
			'bezoekStraatnaam', 'correspondentieStraatnaam', 'telefoonnummer']));
		const required = (await getClientFields.call(ctx('organisatie'))).fields.filter((f: { required: boolean }) => f.required);
		expect(required.map((f: { id: string }) => f.id)).toEqual(['naam']);
	});

	test('an unresolvable expression shows the person list', async () => {
		expect((await getClientFields.call(ctx(new Error('no item')))).fields[0].id).toBe('klantnummer');
		expect((await getClientFields.call(ctx('={{ $json.clientType }}'))).fields.some((f: { id: string }) => f.id === 'bsn')).toBe(true);
	});
});
