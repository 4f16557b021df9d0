import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/core/bodyparser'
import env from '#start/env'

/** Where an upload's files wait while its request runs (each deleted when it ends). */
export const uploadTmpDirectory = `${env.get('LOCAL_STATE_DIR') ?? app.tmpPath()}/uploads`

const bodyParserConfig = defineConfig({
  allowedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],

  form: {
    convertEmptyStringsToNull: true,

    trimWhitespaces: true,

    types: ['application/x-www-form-urlencoded'],
  },

  json: {
    convertEmptyStringsToNull: true,

    trimWhitespaces: true,

    types: [
      'application/json',
      'application/json-patch+json',
      'application/vnd.api+json',
      'application/csp-report',
    ],
  },

  /**
   * Never parsed here: only the upload routes read a multipart body, after the
   * CSRF check and only for a signed-in user (#shared/http/upload_routes).
   */
  multipart: {
    autoProcess: false,

    convertEmptyStringsToNull: true,

    trimWhitespaces: true,

    processManually: [],

    limit: '60mb',

    types: ['multipart/form-data'],
  },
})

export default bodyParserConfig
