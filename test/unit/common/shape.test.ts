import { listWithFields, withFields } from '../../../nodes/common/shape';

describe('withFields: one shape per operation', () => {
	test('every listed field present in order, null when missing or undefined; extra fields follow', () => {
		expect(Object.entries(withFields({ c: 3, a: 1, x: 'extra', u: undefined }, ['a', 'b', 'c', 'u']))).toEqual([
			['a', 1],
			['b', null],
			['c', 3],
			['u', null],
			['x', 'extra'],
		]);
	});

	test('keeps null, false, 0 and empty strings as they are; a non-object gives all nulls', () => {
		expect(withFields({ a: 0, b: false, c: '', d: null }, ['a', 'b', 'c', 'd'])).toEqual({ a: 0, b: false, c: '', d: null });
		expect(withFields(undefined, ['a'])).toEqual({ a: null });
		expect(withFields([1, 2], ['a'])).toEqual({ a: null });
	});

	test('lists: each item shaped; anything else is []', () => {
		expect(listWithFields([{ a: 1 }, {}], ['a', 'b'])).toEqual([{ a: 1, b: null }, { a: null, b: null }]);
		expect(listWithFields(null, ['a'])).toEqual([]);
	});
});
