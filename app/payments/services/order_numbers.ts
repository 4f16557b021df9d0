import { randomInt } from 'node:crypto'

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'

/**
 * An order's number: the day and ten random characters ("MG20261130K7QX3M9PZA").
 * Read over the phone without ambiguity (no 0/O, 1/I); never a guessable key.
 */
export function newOrderNumber(now = new Date()) {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '')
  let tail = ''
  for (let i = 0; i < 10; i++) tail += ALPHABET[randomInt(ALPHABET.length)]
  return `MG${day}${tail}`
}

export const ORDER_NUMBER = /^MG\d{8}[2-9A-HJ-NP-Z]{10}$/
