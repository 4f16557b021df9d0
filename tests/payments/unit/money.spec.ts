import { test } from '@japa/runner'
import { parseYuanStrict, plainYuan } from '#payments/services/money'

test.group('Money as provider text (fen and yuan strings)', () => {
  test('fen become yuan with exactly two decimals', ({ assert }) => {
    assert.equal(plainYuan(1), '0.01')
    assert.equal(plainYuan(10), '0.10')
    assert.equal(plainYuan(0), '0.00')
    assert.equal(plainYuan(29_900), '299.00')
    assert.equal(plainYuan(123_456), '1234.56')
    assert.equal(plainYuan(-5), '-0.05')
    assert.equal(plainYuan(900_719_925_474_099), '9007199254740.99')
  })

  test('yuan strings from a provider become fen exactly, where floats would drift', ({
    assert,
  }) => {
    assert.equal(parseYuanStrict('0.01'), 1)
    assert.equal(parseYuanStrict('299.00'), 29_900)
    assert.equal(parseYuanStrict('1234.56'), 123_456)
    assert.equal(parseYuanStrict('0.5'), 50)
    assert.equal(parseYuanStrict('12'), 1_200)
    assert.equal(parseYuanStrict('1.15'), 115) // 1.15 * 100 = 114.99999999999999
    assert.equal(parseYuanStrict('4.35'), 435) // 4.35 * 100 = 434.99999999999994
    assert.equal(parseYuanStrict('100000000.00'), 10_000_000_000) // Alipay's largest amount
  })

  test('every amount goes there and back unchanged', ({ assert }) => {
    for (const fen of [0, 1, 9, 99, 100, 101, 29_900, 123_456, 10_000_000_01]) {
      assert.equal(parseYuanStrict(plainYuan(fen)), fen)
    }
  })

  test('what is not a plain amount in yuan is refused, not guessed', ({ assert }) => {
    for (const bad of [
      '',
      ' ',
      '1.234',
      '0.001',
      '1e3',
      '1,00',
      '¥1.00',
      '.5',
      '1.',
      '-0.05',
      '+1',
      'NaN',
      '0x10',
      '1 000',
    ]) {
      assert.throws(() => parseYuanStrict(bad), /not an amount in yuan/)
    }
  })
})
