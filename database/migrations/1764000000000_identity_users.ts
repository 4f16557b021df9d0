import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('users', (table) => {
      table.bigIncrements('id')
      table.string('email', 254).notNullable()
      table.timestamp('email_verified_at', { useTz: true }).nullable()
      table.string('password').notNullable()
      table.string('display_name', 50).notNullable()
      table.string('bio', 500).nullable()
      table.string('avatar_key', 100).nullable()
      table.string('locale', 10).notNullable().defaultTo('zh-CN')
      table.string('time_zone', 64).notNullable().defaultTo('Asia/Shanghai')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    // one account per address, whatever its letter case
    this.schema.raw('CREATE UNIQUE INDEX users_email_lower_unique ON users (lower(email))')

    this.schema.createTable('remember_me_tokens', (table) => {
      table.increments('id')
      table.bigInteger('tokenable_id').notNullable().references('users.id').onDelete('CASCADE')
      table.string('hash').notNullable().unique()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.timestamp('expires_at', { useTz: true }).notNullable()
    })

    // single-use links sent by mail: verify an address, reset a password
    this.schema.createTable('email_tokens', (table) => {
      table.bigIncrements('id')
      table.bigInteger('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.enu('purpose', ['verify_email', 'reset_password'], {
        useNative: true,
        enumName: 'email_token_purpose',
      })
      table.string('email', 254).notNullable()
      table.string('token_hash', 64).notNullable().unique()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('used_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['user_id', 'purpose'])
    })
  }

  async down() {
    this.schema.dropTable('email_tokens')
    this.schema.raw('DROP TYPE IF EXISTS email_token_purpose')
    this.schema.dropTable('remember_me_tokens')
    this.schema.dropTable('users')
  }
}
