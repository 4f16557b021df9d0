import type { PaymentProvider, ProviderName } from '#payments/providers/payment_provider'

const configured = new Map<ProviderName, PaymentProvider>()

/**
 * The providers this instance may use: those configured (app/payments/setup.ts
 * registers each one whose settings are present). An unconfigured provider
 * is never offered at checkout and its webhook address answers 404.
 */
export const paymentProviders = {
  /** Registers a provider (a second one of a name replaces it); returns its removal. */
  register(provider: PaymentProvider) {
    const before = configured.get(provider.name)
    configured.set(provider.name, provider)
    return () => {
      if (configured.get(provider.name) !== provider) return
      if (before) configured.set(provider.name, before)
      else configured.delete(provider.name)
    }
  },

  available(): PaymentProvider[] {
    return [...configured.values()]
  },

  get(name: string): PaymentProvider | null {
    return configured.get(name as ProviderName) ?? null
  },
}
