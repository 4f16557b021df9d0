import { test } from '@japa/runner'
import { fenToYuan, yuanToFen } from '#payments/providers/money_format'

test.group('Money format (fen and yuan strings)', () => {
  test('fen become yuan with exactly two decimals', ({ assert }) => {
    assert.equal(fenToYuan(1), '0.01')
    assert.equal(fenToYuan(10), '0.10')
    assert.equal(fenToYuan(0), '0.00')
    assert.equal(fenToYuan(29_900), '299.00')
    assert.equal(fenToYuan(123_456), '1234.56')
    assert.equal(fenToYuan(-5), '-0.05')
    assert.equal(fenToYuan(900_719_925_474_099), '9007199254740.99')
  })

  test('yuan strings become fen exactly, where floats would drift', ({ assert }) => {
    assert.equal(yuanToFen('0.01'), 1)
    assert.equal(yuanToFen('299.00'), 29_900)
    assert.equal(yuanToFen('1234.56'), 123_456)
    assert.equal(yuanToFen('0.5'), 50)
    assert.equal(yuanToFen('12'), 1_200)
    assert.equal(yuanToFen('1.15'), 115) // 1.15 * 100 = 114.99999999999999
    assert.equal(yuanToFen('4.35'), 435) // 4.35 * 100 = 434.99999999999994
    assert.equal(yuanToFen('-0.05'), -5)
    assert.equal(yuanToFen('-0'), 0)
  })

  test('every amount goes there and back unchanged', ({ assert }) => {
    for (const fen of [0, 1, 9, 99, 100, 101, 29_900, 123_456, 10_000_000_01]) {
      assert.equal(yuanToFen(fenToYuan(fen)), fen)
    }
  })

  test('what is not a plain amount in yuan is refused, not guessed', ({ assert }) => {
    for (const bad of [
      '',
      ' ',
      '1.234',
      '1e3',
      '1,00',
      '¥1.00',
      '.5',
      '1.',
      'NaN',
      '0x10',
      '1 000',
    ]) {
      assert.throws(() => yuanToFen(bad), /not an amount in yuan/)
    }
    assert.throws(() => fenToYuan(1.5), RangeError)
    assert.throws(() => fenToYuan(Number.NaN), RangeError)
  })
})
