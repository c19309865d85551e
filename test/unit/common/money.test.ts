import { centsToAmount, formatCents, parseAmountToCents } from '../../../nodes/common/money';

describe('parseAmountToCents', () => {
	it.each([
		['5200.00', 520000],
		['1888.62', 188862],
		['0.00', 0],
		['-12.5', -1250],
		['1.888,62', 188862],
		['1888,62', 188862],
		['1,888.62', 188862],
		['3311.385', 331139],
		[' 7 ', 700],
		[980.4, 98040],
		[0.1 + 0.2, 30],
	])('%p -> %p cents', (input, cents) => {
		expect(parseAmountToCents(input)).toBe(cents);
	});

	it.each(['', 'abc', '12.3.4x', null, undefined, Number.NaN])('%p is unreadable', (input) => {
		expect(parseAmountToCents(input as string)).toBeNull();
	});
});

describe('formatting', () => {
	it('keeps two decimals exactly', () => {
		expect(formatCents(618040)).toBe('6180.40');
		expect(formatCents(-5)).toBe('-0.05');
		expect(centsToAmount(188862)).toBe(1888.62);
	});
});
