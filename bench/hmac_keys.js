/*
| `node bench/hmac_keys.js`: what node:crypto costs on the running Node when a
| secret key is handed over as a Buffer or as a KeyObject (decision record 009).
*/
import { createCipheriv, createHmac, createSecretKey, randomBytes } from 'node:crypto'

const key = randomBytes(32)
const keyObject = createSecretKey(key)
const iv = randomBytes(12)
const N = 20_000

function perCall(label, fn) {
  for (let i = 0; i < 2_000; i++) fn()
  const start = process.hrtime.bigint()
  for (let i = 0; i < N; i++) fn()
  const ns = Number(process.hrtime.bigint() - start) / N
  console.log(`${label.padEnd(32)} ${(ns / 1000).toFixed(2).padStart(8)} µs`)
  return ns
}

console.log(`node ${process.version}`)
const hmac = (k) => () => createHmac('sha256', k).update('s:session-id-0123456789').digest()
const gcm = (k) => () => {
  const cipher = createCipheriv('aes-256-gcm', k, iv)
  cipher.update('a small cookie value')
  cipher.final()
}
const a = perCall('HMAC-SHA256, Buffer key', hmac(key))
const b = perCall('HMAC-SHA256, KeyObject', hmac(keyObject))
const c = perCall('AES-256-GCM, Buffer key', gcm(key))
const d = perCall('AES-256-GCM, KeyObject', gcm(keyObject))
console.log(`Buffer ÷ KeyObject: HMAC ${(a / b).toFixed(1)}×, AES-GCM ${(c / d).toFixed(1)}×`)
