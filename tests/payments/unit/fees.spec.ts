import { test } from '@japa/runner'
import { feeOf, refundSplit, shareLeft, type ItemMoney } from '#payments/services/fees'

/** Items whose fee does not divide their price evenly, and some that do. */
const ITEMS: Pick<ItemMoney, 'amount' | 'feeAmount'>[] = [
  { amount: 9_999, feeAmount: feeOf(9_999, 20) },
  { amount: 29_900, feeAmount: feeOf(29_900, 20) },
  { amount: 7, feeAmount: feeOf(7, 20) },
  { amount: 1, feeAmount: feeOf(1, 20) },
  { amount: 100_003, feeAmount: feeOf(100_003, 17) },
  { amount: 3, feeAmount: 3 },
]

/** The same pieces on every run (a small linear congruential generator). */
function pieces(total: number, seed: number) {
  const parts: number[] = []
  let left = total
  let state = seed
  while (left > 0) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    const part = Math.min(left, 1 + (state % Math.max(1, Math.ceil(total / 5))))
    parts.push(part)
    left -= part
  }
  return parts
}

test.group('Fees: the split of a sale and of its refunds', () => {
  test('the fee is the percent of the price, rounded to the fen (halves up)', ({ assert }) => {
    assert.equal(feeOf(10_000, 20), 2_000)
    assert.equal(feeOf(9_999, 20), 2_000)
    assert.equal(feeOf(2, 20), 0)
    assert.equal(feeOf(3, 20), 1)
    assert.equal(feeOf(5, 10), 1)
    assert.equal(feeOf(15, 10), 2)
    assert.equal(feeOf(0, 20), 0)
    assert.equal(feeOf(29_900, 0), 0)
    assert.equal(feeOf(29_900, 100), 29_900)
  })

  test('a refund splits by what was refunded before it: cumulative rounding', ({ assert }) => {
    const item = { amount: 9_999, feeAmount: 2_000, refundedAmount: 0 }
    // round(3333 × 2000 / 9999) = 667
    assert.deepEqual(refundSplit(item, 3_333), { fee: 667, share: 2_666 })
    // round(6666 × 2000 / 9999) − 667 = 1333 − 667
    assert.deepEqual(refundSplit({ ...item, refundedAmount: 3_333 }, 3_333), {
      fee: 666,
      share: 2_667,
    })
    assert.deepEqual(refundSplit(item, 9_999), { fee: 2_000, share: 7_999 })
    // a fen at a time on a 1-fen fee: the fee comes back with the half-way fen, once
    const tiny = { amount: 7, feeAmount: 1, refundedAmount: 0 }
    const fees = [0, 1, 2, 3, 4, 5, 6].map(
      (before) => refundSplit({ ...tiny, refundedAmount: before }, 1).fee
    )
    assert.deepEqual(fees, [0, 0, 0, 1, 0, 0, 0])
  })

  test('any number of partial refunds adds up to the item exactly', ({ assert }) => {
    // checked in plain code and asserted once: a fen at a time is 100 000 steps
    const problems: string[] = []
    for (const [index, shape] of ITEMS.entries()) {
      for (const parts of [
        Array.from({ length: shape.amount }, () => 1),
        pieces(shape.amount, index + 1),
        pieces(shape.amount, index + 101),
        [shape.amount],
      ]) {
        const label = `${shape.amount}/${shape.feeAmount} in ${parts.length} refunds`
        let refundedAmount = 0
        let fees = 0
        let shares = 0
        for (const part of parts) {
          const { fee, share } = refundSplit({ ...shape, refundedAmount }, part)
          if (fee < 0 || share < 0 || fee + share !== part)
            problems.push(`${label}: ${fee}+${share}`)
          fees += fee
          shares += share
          refundedAmount += part
          // what is left of the share is the share less the shares given back so far
          const left = shareLeft({ ...shape, refundedAmount })
          if (left !== shape.amount - shape.feeAmount - shares) problems.push(`${label}: ${left}`)
        }
        if (fees !== shape.feeAmount) problems.push(`${label}: fees ${fees}`)
        if (shares !== shape.amount - shape.feeAmount) problems.push(`${label}: shares ${shares}`)
      }
    }
    assert.deepEqual(problems, [])
  })

  test('an item read through getters (a Lucid model) splits the same', ({ assert }) => {
    class Item {
      #row = { amount: 9_999, feeAmount: 2_000, refundedAmount: 3_333 }
      get amount() {
        return this.#row.amount
      }
      get feeAmount() {
        return this.#row.feeAmount
      }
      get refundedAmount() {
        return this.#row.refundedAmount
      }
    }
    assert.deepEqual(refundSplit(new Item(), 3_333), { fee: 666, share: 2_667 })
    assert.equal(shareLeft(new Item()), 7_999 - 2_666)
  })

  test('the share left is the whole share before any refund, none after a whole one', ({
    assert,
  }) => {
    const item = { amount: 29_900, feeAmount: 5_980 }
    assert.equal(shareLeft({ ...item, refundedAmount: 0 }), 23_920)
    // 10 000 refunded: round(10000 × 5980 / 29900) = 2000 of it was fee, 8000 share
    assert.equal(shareLeft({ ...item, refundedAmount: 10_000 }), 15_920)
    assert.equal(shareLeft({ ...item, refundedAmount: 29_900 }), 0)
    // an item all fee has no share to leave
    assert.equal(shareLeft({ amount: 3, feeAmount: 3, refundedAmount: 1 }), 0)
  })
})
