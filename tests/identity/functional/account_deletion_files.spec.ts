import { test } from '@japa/runner'
import drive from '@adonisjs/drive/services/main'
import type { ApiClient } from '@japa/api-client'
import type { Assert } from '@japa/assert'
import type User from '#identity/models/user'
import PortfolioItem from '#identity/models/portfolio_item'
import { avatarStore } from '#identity/services/avatar_store'
import { portfolioStore } from '#identity/services/portfolio_store'
import { evidenceStore } from '#identity/services/evidence_store'
import { certificationService } from '#identity/services/certification_service'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import { isolateEachTest, pngFile, workQueuedJobs } from '#tests/helpers'
import { startS3rver, useS3ByDefault } from '#tests/helpers/s3rver'
import { STATEMENT } from '#tests/identity/certification_helpers'

/** A user with an avatar, a work in the portfolio and a certification with evidence; its paths. */
async function accountWithFiles() {
  const user = await UserFactory.create()
  const [craft, other] = await FieldFactory.createMany(2)
  const identity = await IdentityFactory.merge({ userId: user.id, fieldId: craft.id }).create()
  user.avatarKey = await avatarStore.save(await pngFile('me.png'))
  await user.save()
  const image = await portfolioStore.save(await pngFile('bowl.png'))
  await PortfolioItem.create({ identityId: identity.id, title: '茶碗', ...image })
  const evidence = await evidenceStore.check({
    tmpPath: await pngFile('kiln.png'),
    clientName: 'kiln.png',
    size: 0,
  })
  const application = await certificationService.apply(
    user,
    other,
    { statement: STATEMENT, yearsOfPractice: 9 },
    [evidence]
  )
  await application.load('evidence')
  const paths = [
    `avatars/${user.avatarKey}-64.webp`,
    `avatars/${user.avatarKey}-256.webp`,
    `portfolio/${image.imageKey}-thumb.webp`,
    `portfolio/${image.imageKey}-full.webp`,
    application.evidence[0].diskKey,
  ]
  return { user, paths, imageKey: image.imageKey }
}

async function existing(paths: string[]) {
  const found = []
  for (const path of paths) if (await drive.use().exists(path)) found.push(path)
  return found
}

function deleteAccount(client: ApiClient, user: User) {
  return client
    .post('/settings/delete')
    .loginAs(user)
    .form({ currentPassword: DEFAULT_PASSWORD, confirm: 'true' })
    .withCsrfToken()
    .redirects(0)
}

async function deletingRemovesEveryFile(client: ApiClient, assert: Assert) {
  const owner = await accountWithFiles()
  const bystander = await accountWithFiles()
  assert.deepEqual(await existing(owner.paths), owner.paths)

  const response = await deleteAccount(client, owner.user)
  response.assertStatus(302)
  await workQueuedJobs()

  assert.deepEqual(await existing(owner.paths), [], 'files of the deleted account')
  assert.deepEqual(await existing(bystander.paths), bystander.paths, 'files of another account')
  const image = await client.get(`/portfolio/images/${owner.imageKey}`)
  image.assertStatus(404)
}

test.group('Deleting an account removes its files (fs disk)', (group) => {
  isolateEachTest(group)

  test('avatar, portfolio images and evidence are removed; others stay', async ({
    client,
    assert,
  }) => {
    await deletingRemovesEveryFile(client, assert)
  })
})

test.group('Deleting an account removes its files (s3 disk)', (group) => {
  isolateEachTest(group)
  group.setup(() => startS3rver())
  group.each.setup(() => useS3ByDefault())

  test('avatar, portfolio images and evidence are removed from S3; others stay', async ({
    client,
    assert,
  }) => {
    await deletingRemovesEveryFile(client, assert)
  })
})
