import { loadGeneratedDatabase, type GeneratedDatabase } from './generated-database'
import { test as webTest } from './web-app'

export interface ShopFixtures {
  /** 400 users, seed 7 (about 18,500 events): the screens' tests on FerretDB. */
  shopOnServer: GeneratedDatabase
  /** 2,500 users, seed 11 (about 115,000 events): queries that take the server seconds. */
  bigShopOnServer: GeneratedDatabase
}

/** The web-app fixtures plus shops generated and loaded (by the CLI) once per worker, on first use. */
export const test = webTest.extend<object, ShopFixtures>({
  shopOnServer: [
    async ({ testServer }, use) => {
      await use(await loadGeneratedDatabase(testServer.uri, { users: 400, seed: 7, label: 'shop' }))
    },
    { scope: 'worker', timeout: 600_000 }
  ],
  bigShopOnServer: [
    async ({ testServer }, use) => {
      await use(
        await loadGeneratedDatabase(testServer.uri, { users: 2500, seed: 11, label: 'big_shop' })
      )
    },
    { scope: 'worker', timeout: 900_000 }
  ]
})

export { expect } from './web-app'
