import '@adonisjs/core/types/http'

type ParamValue = string | number | bigint | boolean

export type ScannedRoutes = {
  ALL: {
    'health.live': { paramsTuple?: []; params?: {} }
    'health.ready': { paramsTuple?: []; params?: {} }
    'locale.update': { paramsTuple?: []; params?: {} }
    'robots': { paramsTuple?: []; params?: {} }
    'sitemap': { paramsTuple?: []; params?: {} }
    'dev.mails.index': { paramsTuple?: []; params?: {} }
    'dev.mails.show': { paramsTuple: [ParamValue]; params: {'mail': ParamValue} }
    'settings.tokens': { paramsTuple?: []; params?: {} }
    'settings.tokens.store': { paramsTuple?: []; params?: {} }
    'settings.tokens.revoke': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.v1.me': { paramsTuple?: []; params?: {} }
    'api.v1.fields': { paramsTuple?: []; params?: {} }
    'api.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'fields.cover': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.fields.index': { paramsTuple?: []; params?: {} }
    'admin.fields.create': { paramsTuple?: []; params?: {} }
    'admin.fields.store': { paramsTuple?: []; params?: {} }
    'admin.fields.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.fields.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.fields.toggle': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'home': { paramsTuple?: []; params?: {} }
    'signup.create': { paramsTuple?: []; params?: {} }
    'signup.store': { paramsTuple?: []; params?: {} }
    'signup.sent': { paramsTuple?: []; params?: {} }
    'session.create': { paramsTuple?: []; params?: {} }
    'session.store': { paramsTuple?: []; params?: {} }
    'password.forgot': { paramsTuple?: []; params?: {} }
    'password.send': { paramsTuple?: []; params?: {} }
    'verify.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'password.reset': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'password.update': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'fields.show': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'profiles.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'avatars.show': { paramsTuple: [ParamValue]; params: {'key': ParamValue} }
    'portfolio.image': { paramsTuple: [ParamValue]; params: {'key': ParamValue} }
    'session.destroy': { paramsTuple?: []; params?: {} }
    'dashboard': { paramsTuple?: []; params?: {} }
    'onboarding.store': { paramsTuple?: []; params?: {} }
    'identity.switch': { paramsTuple?: []; params?: {} }
    'fields.apprentice': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'portfolio.index': { paramsTuple?: []; params?: {} }
    'portfolio.store': { paramsTuple?: []; params?: {} }
    'portfolio.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portfolio.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portfolio.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'certification.create': { paramsTuple?: []; params?: {} }
    'certification.store': { paramsTuple?: []; params?: {} }
    'certification.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'certification.resubmit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'certification.evidence': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.certifications.index': { paramsTuple?: []; params?: {} }
    'admin.certifications.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.certifications.decide': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'verify.resend': { paramsTuple?: []; params?: {} }
    'settings.profile': { paramsTuple?: []; params?: {} }
    'settings.profile.update': { paramsTuple?: []; params?: {} }
    'settings.account': { paramsTuple?: []; params?: {} }
    'settings.password.update': { paramsTuple?: []; params?: {} }
    'settings.email.update': { paramsTuple?: []; params?: {} }
    'settings.destroy': { paramsTuple?: []; params?: {} }
    'settings.sessions': { paramsTuple?: []; params?: {} }
    'settings.sessions.revoke_others': { paramsTuple?: []; params?: {} }
    'settings.sessions.revoke': { paramsTuple: [ParamValue]; params: {'session': ParamValue} }
    'notifications.index': { paramsTuple?: []; params?: {} }
    'notifications.read_all': { paramsTuple?: []; params?: {} }
    'notifications.read': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'notifications.feed': { paramsTuple?: []; params?: {} }
    'notifications.seen': { paramsTuple?: []; params?: {} }
    'settings.notifications': { paramsTuple?: []; params?: {} }
    'settings.notifications.update': { paramsTuple?: []; params?: {} }
    'realtime.events': { paramsTuple?: []; params?: {} }
    'realtime.subscribe': { paramsTuple?: []; params?: {} }
    'realtime.unsubscribe': { paramsTuple?: []; params?: {} }
    'realtime.ws_ticket': { paramsTuple?: []; params?: {} }
    'chat.index': { paramsTuple?: []; params?: {} }
    'chat.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'chat.send': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'chat.start': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'chat.block': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'chat.unblock': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'income.index': { paramsTuple?: []; params?: {} }
    'income.statement': { paramsTuple?: []; params?: {} }
    'income.payouts.store': { paramsTuple?: []; params?: {} }
    'admin.payouts.index': { paramsTuple?: []; params?: {} }
    'admin.payouts.approve': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.payouts.paid': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.payouts.reject': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'payments.webhooks': { paramsTuple: [ParamValue]; params: {'provider': ParamValue} }
    'payments.checkout': { paramsTuple?: []; params?: {} }
    'payments.checkout.store': { paramsTuple?: []; params?: {} }
    'payments.orders': { paramsTuple?: []; params?: {} }
    'payments.orders.show': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'payments.orders.status': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'payments.sandbox': { paramsTuple: [ParamValue]; params: {'payment': ParamValue} }
    'payments.sandbox.decide': { paramsTuple: [ParamValue]; params: {'payment': ParamValue} }
    'admin.orders': { paramsTuple?: []; params?: {} }
    'admin.orders.show': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'admin.orders.refund': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'certificates.show': { paramsTuple: [ParamValue]; params: {'code': ParamValue} }
    'learning.index': { paramsTuple?: []; params?: {} }
    'learning.certificate': { paramsTuple: [ParamValue]; params: {'enrollmentId': ParamValue} }
    'teach.courses.analytics': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.cover': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.images.show': { paramsTuple: [ParamValue]; params: {'key': ParamValue} }
    'teach.courses.index': { paramsTuple?: []; params?: {} }
    'teach.courses.create': { paramsTuple?: []; params?: {} }
    'teach.courses.store': { paramsTuple?: []; params?: {} }
    'teach.courses.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.courses.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.courses.cover': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.courses.publish': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.courses.archive': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.courses.reopen': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.courses.syllabus': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.courses.order': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.sections.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.sections.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.sections.move': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.sections.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.lessons.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.lessons.move': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.lessons.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.lessons.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.lessons.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.lessons.text': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.settings': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.questions.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.questions.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.questions.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.questions.move': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.photos.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.start': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'courses.quiz.answer': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.submit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.photo': { paramsTuple: [ParamValue,ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue,'key': ParamValue} }
    'courses.video.stream': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'courses.video.poster': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'courses.video.captions': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'courses.lessons.progress': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'courses.video.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.video.card': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.video.upload': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.video.captions.upload': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.video.captions.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.index': { paramsTuple?: []; params?: {} }
    'courses.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.reviews.index': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.lessons.show': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'courses.enroll': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.lessons.complete': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'courses.reviews.save': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.reviews.reply': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.reviews.report': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
  }
  GET: {
    'health.live': { paramsTuple?: []; params?: {} }
    'health.ready': { paramsTuple?: []; params?: {} }
    'robots': { paramsTuple?: []; params?: {} }
    'sitemap': { paramsTuple?: []; params?: {} }
    'dev.mails.index': { paramsTuple?: []; params?: {} }
    'dev.mails.show': { paramsTuple: [ParamValue]; params: {'mail': ParamValue} }
    'settings.tokens': { paramsTuple?: []; params?: {} }
    'api.v1.me': { paramsTuple?: []; params?: {} }
    'api.v1.fields': { paramsTuple?: []; params?: {} }
    'api.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'fields.cover': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.fields.index': { paramsTuple?: []; params?: {} }
    'admin.fields.create': { paramsTuple?: []; params?: {} }
    'admin.fields.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'home': { paramsTuple?: []; params?: {} }
    'signup.create': { paramsTuple?: []; params?: {} }
    'signup.sent': { paramsTuple?: []; params?: {} }
    'session.create': { paramsTuple?: []; params?: {} }
    'password.forgot': { paramsTuple?: []; params?: {} }
    'verify.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'password.reset': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'fields.show': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'profiles.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'avatars.show': { paramsTuple: [ParamValue]; params: {'key': ParamValue} }
    'portfolio.image': { paramsTuple: [ParamValue]; params: {'key': ParamValue} }
    'dashboard': { paramsTuple?: []; params?: {} }
    'portfolio.index': { paramsTuple?: []; params?: {} }
    'portfolio.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'certification.create': { paramsTuple?: []; params?: {} }
    'certification.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'certification.evidence': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.certifications.index': { paramsTuple?: []; params?: {} }
    'admin.certifications.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'settings.profile': { paramsTuple?: []; params?: {} }
    'settings.account': { paramsTuple?: []; params?: {} }
    'settings.sessions': { paramsTuple?: []; params?: {} }
    'notifications.index': { paramsTuple?: []; params?: {} }
    'notifications.feed': { paramsTuple?: []; params?: {} }
    'settings.notifications': { paramsTuple?: []; params?: {} }
    'realtime.events': { paramsTuple?: []; params?: {} }
    'chat.index': { paramsTuple?: []; params?: {} }
    'chat.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'income.index': { paramsTuple?: []; params?: {} }
    'income.statement': { paramsTuple?: []; params?: {} }
    'admin.payouts.index': { paramsTuple?: []; params?: {} }
    'payments.checkout': { paramsTuple?: []; params?: {} }
    'payments.orders': { paramsTuple?: []; params?: {} }
    'payments.orders.show': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'payments.orders.status': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'payments.sandbox': { paramsTuple: [ParamValue]; params: {'payment': ParamValue} }
    'admin.orders': { paramsTuple?: []; params?: {} }
    'admin.orders.show': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'certificates.show': { paramsTuple: [ParamValue]; params: {'code': ParamValue} }
    'learning.index': { paramsTuple?: []; params?: {} }
    'learning.certificate': { paramsTuple: [ParamValue]; params: {'enrollmentId': ParamValue} }
    'teach.courses.analytics': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.cover': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.images.show': { paramsTuple: [ParamValue]; params: {'key': ParamValue} }
    'teach.courses.index': { paramsTuple?: []; params?: {} }
    'teach.courses.create': { paramsTuple?: []; params?: {} }
    'teach.courses.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.courses.syllabus': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.lessons.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.photo': { paramsTuple: [ParamValue,ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue,'key': ParamValue} }
    'courses.video.stream': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'courses.video.poster': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'courses.video.captions': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'courses.video.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.video.card': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.index': { paramsTuple?: []; params?: {} }
    'courses.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.reviews.index': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.lessons.show': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
  }
  HEAD: {
    'health.live': { paramsTuple?: []; params?: {} }
    'health.ready': { paramsTuple?: []; params?: {} }
    'robots': { paramsTuple?: []; params?: {} }
    'sitemap': { paramsTuple?: []; params?: {} }
    'dev.mails.index': { paramsTuple?: []; params?: {} }
    'dev.mails.show': { paramsTuple: [ParamValue]; params: {'mail': ParamValue} }
    'settings.tokens': { paramsTuple?: []; params?: {} }
    'api.v1.me': { paramsTuple?: []; params?: {} }
    'api.v1.fields': { paramsTuple?: []; params?: {} }
    'api.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'fields.cover': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.fields.index': { paramsTuple?: []; params?: {} }
    'admin.fields.create': { paramsTuple?: []; params?: {} }
    'admin.fields.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'home': { paramsTuple?: []; params?: {} }
    'signup.create': { paramsTuple?: []; params?: {} }
    'signup.sent': { paramsTuple?: []; params?: {} }
    'session.create': { paramsTuple?: []; params?: {} }
    'password.forgot': { paramsTuple?: []; params?: {} }
    'verify.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'password.reset': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'fields.show': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'profiles.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'avatars.show': { paramsTuple: [ParamValue]; params: {'key': ParamValue} }
    'portfolio.image': { paramsTuple: [ParamValue]; params: {'key': ParamValue} }
    'dashboard': { paramsTuple?: []; params?: {} }
    'portfolio.index': { paramsTuple?: []; params?: {} }
    'portfolio.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'certification.create': { paramsTuple?: []; params?: {} }
    'certification.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'certification.evidence': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.certifications.index': { paramsTuple?: []; params?: {} }
    'admin.certifications.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'settings.profile': { paramsTuple?: []; params?: {} }
    'settings.account': { paramsTuple?: []; params?: {} }
    'settings.sessions': { paramsTuple?: []; params?: {} }
    'notifications.index': { paramsTuple?: []; params?: {} }
    'notifications.feed': { paramsTuple?: []; params?: {} }
    'settings.notifications': { paramsTuple?: []; params?: {} }
    'realtime.events': { paramsTuple?: []; params?: {} }
    'chat.index': { paramsTuple?: []; params?: {} }
    'chat.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'income.index': { paramsTuple?: []; params?: {} }
    'income.statement': { paramsTuple?: []; params?: {} }
    'admin.payouts.index': { paramsTuple?: []; params?: {} }
    'payments.checkout': { paramsTuple?: []; params?: {} }
    'payments.orders': { paramsTuple?: []; params?: {} }
    'payments.orders.show': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'payments.orders.status': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'payments.sandbox': { paramsTuple: [ParamValue]; params: {'payment': ParamValue} }
    'admin.orders': { paramsTuple?: []; params?: {} }
    'admin.orders.show': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'certificates.show': { paramsTuple: [ParamValue]; params: {'code': ParamValue} }
    'learning.index': { paramsTuple?: []; params?: {} }
    'learning.certificate': { paramsTuple: [ParamValue]; params: {'enrollmentId': ParamValue} }
    'teach.courses.analytics': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.cover': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.images.show': { paramsTuple: [ParamValue]; params: {'key': ParamValue} }
    'teach.courses.index': { paramsTuple?: []; params?: {} }
    'teach.courses.create': { paramsTuple?: []; params?: {} }
    'teach.courses.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.courses.syllabus': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.lessons.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.photo': { paramsTuple: [ParamValue,ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue,'key': ParamValue} }
    'courses.video.stream': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'courses.video.poster': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'courses.video.captions': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'courses.video.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.video.card': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.index': { paramsTuple?: []; params?: {} }
    'courses.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.reviews.index': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.lessons.show': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
  }
  POST: {
    'locale.update': { paramsTuple?: []; params?: {} }
    'settings.tokens.store': { paramsTuple?: []; params?: {} }
    'settings.tokens.revoke': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'admin.fields.store': { paramsTuple?: []; params?: {} }
    'admin.fields.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.fields.toggle': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'signup.store': { paramsTuple?: []; params?: {} }
    'session.store': { paramsTuple?: []; params?: {} }
    'password.send': { paramsTuple?: []; params?: {} }
    'password.update': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'session.destroy': { paramsTuple?: []; params?: {} }
    'onboarding.store': { paramsTuple?: []; params?: {} }
    'identity.switch': { paramsTuple?: []; params?: {} }
    'fields.apprentice': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'portfolio.store': { paramsTuple?: []; params?: {} }
    'portfolio.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'portfolio.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'certification.store': { paramsTuple?: []; params?: {} }
    'certification.resubmit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.certifications.decide': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'verify.resend': { paramsTuple?: []; params?: {} }
    'settings.profile.update': { paramsTuple?: []; params?: {} }
    'settings.password.update': { paramsTuple?: []; params?: {} }
    'settings.email.update': { paramsTuple?: []; params?: {} }
    'settings.destroy': { paramsTuple?: []; params?: {} }
    'settings.sessions.revoke_others': { paramsTuple?: []; params?: {} }
    'settings.sessions.revoke': { paramsTuple: [ParamValue]; params: {'session': ParamValue} }
    'notifications.read_all': { paramsTuple?: []; params?: {} }
    'notifications.read': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'notifications.seen': { paramsTuple?: []; params?: {} }
    'settings.notifications.update': { paramsTuple?: []; params?: {} }
    'realtime.subscribe': { paramsTuple?: []; params?: {} }
    'realtime.unsubscribe': { paramsTuple?: []; params?: {} }
    'realtime.ws_ticket': { paramsTuple?: []; params?: {} }
    'chat.send': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'chat.start': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'chat.block': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'chat.unblock': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'income.payouts.store': { paramsTuple?: []; params?: {} }
    'admin.payouts.approve': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.payouts.paid': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.payouts.reject': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'payments.webhooks': { paramsTuple: [ParamValue]; params: {'provider': ParamValue} }
    'payments.checkout.store': { paramsTuple?: []; params?: {} }
    'payments.sandbox.decide': { paramsTuple: [ParamValue]; params: {'payment': ParamValue} }
    'admin.orders.refund': { paramsTuple: [ParamValue]; params: {'number': ParamValue} }
    'teach.courses.store': { paramsTuple?: []; params?: {} }
    'teach.courses.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.courses.cover': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.courses.publish': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.courses.archive': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.courses.reopen': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.courses.order': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.sections.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.sections.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.sections.move': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.sections.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.lessons.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.lessons.move': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.lessons.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.lessons.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'teach.lessons.text': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.settings': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.questions.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.questions.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.questions.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.questions.move': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.photos.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.start': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'courses.quiz.answer': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.quiz.submit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.lessons.progress': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'courses.video.upload': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.video.captions.upload': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.video.captions.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.enroll': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.lessons.complete': { paramsTuple: [ParamValue,ParamValue]; params: {'courseId': ParamValue,'lessonId': ParamValue} }
    'courses.reviews.save': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.reviews.reply': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'courses.reviews.report': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
  OPTIONS: {
    'api.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
  }
  PUT: {
    'api.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
  }
  PATCH: {
    'api.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
  }
  DELETE: {
    'api.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
  }
}
declare module '@adonisjs/core/types/http' {
  export interface RoutesList extends ScannedRoutes {}
}