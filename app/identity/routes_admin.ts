import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { uploadRoutes } from '#shared/http/upload_routes'

const AdminFieldsController = () => import('#identity/controllers/admin_fields_controller')
const FieldCoversController = () => import('#identity/controllers/field_covers_controller')

/* public files: a field's cover image */
router.get('/fields/:slug/cover', [FieldCoversController, 'show']).as('fields.cover')

/* the field catalogue, for admins (FieldPolicy decides in each action) */
router
  .group(() => {
    router.get('/fields', [AdminFieldsController, 'index']).as('admin.fields.index')
    router.get('/fields/new', [AdminFieldsController, 'create']).as('admin.fields.create')
    router.post('/fields', [AdminFieldsController, 'store']).as('admin.fields.store')
    router.get('/fields/:id/edit', [AdminFieldsController, 'edit']).as('admin.fields.edit')
    router.post('/fields/:id', [AdminFieldsController, 'update']).as('admin.fields.update')
    router.post('/fields/:id/toggle', [AdminFieldsController, 'toggle']).as('admin.fields.toggle')
  })
  .prefix('/admin')
  .use(middleware.auth())

/* a field's cover image is uploaded with the form */
uploadRoutes.add('admin.fields.store', 'admin.fields.update')
