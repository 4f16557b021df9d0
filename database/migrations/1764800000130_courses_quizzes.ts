import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Quiz lessons (测验): a quiz's settings, its questions and their options
 * (text, or photos of work for a photo-judgement question), and each
 * apprentice's attempts with the answers saved as they go.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      `CREATE TYPE quiz_question_kind AS ENUM ('single', 'multiple', 'true_false', 'photo')`
    )

    this.schema.createTable('quizzes', (table) => {
      table.bigInteger('lesson_id').primary().references('lessons.id').onDelete('CASCADE')
      // a share of the quiz's points, in percent
      table.smallint('pass_percent').notNullable().defaultTo(70)
      // null: as many attempts as the apprentice likes
      table.smallint('attempts_allowed').nullable()
      table.boolean('shuffle_questions').notNullable().defaultTo(false)
      table.boolean('shuffle_options').notNullable().defaultTo(false)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.raw(`ALTER TABLE quizzes ADD CONSTRAINT quizzes_ranges
      CHECK (pass_percent BETWEEN 0 AND 100 AND (attempts_allowed IS NULL OR attempts_allowed BETWEEN 1 AND 100))`)

    this.schema.createTable('quiz_questions', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('lesson_id')
        .notNullable()
        .references('quizzes.lesson_id')
        .onDelete('CASCADE')
      table.integer('position').notNullable()
      table.specificType('kind', 'quiz_question_kind').notNullable()
      table.text('prompt').notNullable()
      table.smallint('points').notNullable().defaultTo(1)
      // shown with the answer after submission
      table.text('explanation').notNullable().defaultTo('')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    // deferred: moving a question swaps two positions in one transaction
    this.schema.raw(`ALTER TABLE quiz_questions ADD CONSTRAINT quiz_questions_position
      UNIQUE (lesson_id, position) DEFERRABLE INITIALLY DEFERRED`)
    this.schema.raw(`ALTER TABLE quiz_questions ADD CONSTRAINT quiz_questions_values
      CHECK (points BETWEEN 1 AND 100 AND length(prompt) BETWEEN 1 AND 1000
             AND length(explanation) <= 2000 AND position >= 1)`)

    this.schema.createTable('quiz_options', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('question_id')
        .notNullable()
        .references('quiz_questions.id')
        .onDelete('CASCADE')
      table.integer('position').notNullable()
      // the option's text, or a photo option's optional caption
      table.string('text', 300).notNullable().defaultTo('')
      table.uuid('image_key').nullable().unique()
      table.smallint('image_width').nullable()
      table.smallint('image_height').nullable()
      table.boolean('is_correct').notNullable().defaultTo(false)
      // shown to whoever chose it, after submission
      table.string('feedback', 500).notNullable().defaultTo('')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.raw(`ALTER TABLE quiz_options ADD CONSTRAINT quiz_options_position
      UNIQUE (question_id, position) DEFERRABLE INITIALLY DEFERRED`)
    this.schema.raw(`ALTER TABLE quiz_options ADD CONSTRAINT quiz_options_content
      CHECK ((text <> '' OR image_key IS NOT NULL) AND position >= 1
             AND (image_key IS NULL) = (image_width IS NULL)
             AND (image_key IS NULL) = (image_height IS NULL))`)

    this.schema.createTable('quiz_attempts', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('enrollment_id')
        .notNullable()
        .references('enrollments.id')
        .onDelete('CASCADE')
      table
        .bigInteger('lesson_id')
        .notNullable()
        .references('quizzes.lesson_id')
        .onDelete('CASCADE')
      table.smallint('number').notNullable()
      // the order of questions and options in this attempt (services/quiz_order.ts)
      table.integer('seed').notNullable()
      table.timestamp('started_at', { useTz: true }).notNullable()
      table.timestamp('submitted_at', { useTz: true }).nullable()
      table.integer('score').nullable()
      table.integer('max_score').nullable()
      table.boolean('passed').nullable()
      table.unique(['enrollment_id', 'lesson_id', 'number'])
      table.index(['lesson_id', 'submitted_at'])
    })
    this.schema.raw(`ALTER TABLE quiz_attempts ADD CONSTRAINT quiz_attempts_result
      CHECK (number >= 1
             AND (submitted_at IS NULL) = (score IS NULL)
             AND (submitted_at IS NULL) = (max_score IS NULL)
             AND (submitted_at IS NULL) = (passed IS NULL)
             AND (score IS NULL OR score BETWEEN 0 AND max_score))`)
    // one attempt open at a time per apprentice and quiz
    this.schema.raw(`CREATE UNIQUE INDEX quiz_attempts_one_open
      ON quiz_attempts (enrollment_id, lesson_id) WHERE submitted_at IS NULL`)
    // the quiz's attempt limit, whatever the caller: an attempt past it is refused
    this.schema.raw(`CREATE FUNCTION quiz_attempts_within_limit() RETURNS trigger AS $$
      DECLARE allowed smallint;
      BEGIN
        SELECT attempts_allowed INTO allowed FROM quizzes WHERE lesson_id = NEW.lesson_id;
        IF allowed IS NOT NULL AND NEW.number > allowed THEN
          RAISE EXCEPTION 'quiz attempt % is past the limit of %', NEW.number, allowed
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quiz_attempts_limit';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`)
    this.schema.raw(`CREATE TRIGGER quiz_attempts_limit BEFORE INSERT ON quiz_attempts
      FOR EACH ROW EXECUTE FUNCTION quiz_attempts_within_limit()`)

    this.schema.createTable('quiz_answers', (table) => {
      table
        .bigInteger('attempt_id')
        .notNullable()
        .references('quiz_attempts.id')
        .onDelete('CASCADE')
      table
        .bigInteger('question_id')
        .notNullable()
        .references('quiz_questions.id')
        .onDelete('CASCADE')
      // the options chosen (none: the question was left unanswered)
      table.specificType('option_ids', 'bigint[]').notNullable().defaultTo('{}')
      table.timestamp('saved_at', { useTz: true }).notNullable()
      table.primary(['attempt_id', 'question_id'])
      table.index(['question_id'])
    })
    this.schema.raw(`ALTER TABLE quiz_answers ADD CONSTRAINT quiz_answers_size
      CHECK (cardinality(option_ids) <= 20)`)
  }

  async down() {
    this.schema.dropTable('quiz_answers')
    this.schema.raw('DROP TRIGGER quiz_attempts_limit ON quiz_attempts')
    this.schema.raw('DROP FUNCTION quiz_attempts_within_limit()')
    this.schema.dropTable('quiz_attempts')
    this.schema.dropTable('quiz_options')
    this.schema.dropTable('quiz_questions')
    this.schema.dropTable('quizzes')
    this.schema.raw('DROP TYPE quiz_question_kind')
  }
}
