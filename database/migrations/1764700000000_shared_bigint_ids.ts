import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Every id is a bigint: the two serial ids (fields, remember-me tokens) and
 * the columns pointing at fields follow the others, so the one route matcher
 * for ids (#shared/http/route_params) and the validators' id rule fit every
 * table, and a large id is "not found", never an out-of-range error.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('ALTER TABLE fields ALTER COLUMN id TYPE bigint')
    this.schema.raw('ALTER SEQUENCE fields_id_seq AS bigint')
    this.schema.raw('ALTER TABLE identities ALTER COLUMN field_id TYPE bigint')
    this.schema.raw('ALTER TABLE certification_applications ALTER COLUMN field_id TYPE bigint')
    this.schema.raw('ALTER TABLE remember_me_tokens ALTER COLUMN id TYPE bigint')
    this.schema.raw('ALTER SEQUENCE remember_me_tokens_id_seq AS bigint')
  }

  async down() {
    this.schema.raw('ALTER TABLE remember_me_tokens ALTER COLUMN id TYPE integer')
    this.schema.raw('ALTER SEQUENCE remember_me_tokens_id_seq AS integer')
    this.schema.raw('ALTER TABLE certification_applications ALTER COLUMN field_id TYPE integer')
    this.schema.raw('ALTER TABLE identities ALTER COLUMN field_id TYPE integer')
    this.schema.raw('ALTER TABLE fields ALTER COLUMN id TYPE integer')
    this.schema.raw('ALTER SEQUENCE fields_id_seq AS integer')
  }
}
