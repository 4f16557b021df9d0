/*
| The demo courses (database/demo/demo_courses.ts seeds them): two or three
| per field, in Chinese and English, each with video, text and quiz lessons.
| Videos are generated at seed time (a few seconds of test pattern); texts
| are Markdown; quizzes have every question kind.
*/

export type DemoLesson =
  | { kind: 'text'; title: string; body: string; preview?: boolean }
  | { kind: 'video'; title: string; seconds: number; preview?: boolean; hue: number }
  | { kind: 'quiz'; title: string; questions: DemoQuestion[] }

export type DemoQuestion =
  | { kind: 'single' | 'multiple'; prompt: string; options: [string, boolean, string?][] }
  | { kind: 'true_false'; prompt: string; answer: boolean; explanation?: string }
  | {
      kind: 'photo'
      prompt: string
      options: [caption: string, correct: boolean, colour: string][]
    }

export type DemoCourse = {
  master: string
  field: string
  title: string
  subtitle: string
  language: 'zh-CN' | 'en'
  level: 'beginner' | 'intermediate' | 'advanced' | 'all_levels'
  priceFen: number
  cover: string
  description: string
  outcomes: string[]
  requirements: string[]
  sections: { title: string; lessons: DemoLesson[] }[]
  /** demo apprentices enrolled, and how many lessons each has done */
  learners?: [email: string, done: number][]
}

const glazeQuiz: DemoLesson = {
  kind: 'quiz',
  title: '小测验：釉与烧成',
  questions: [
    {
      kind: 'single',
      prompt: '还原焰烧成时，窑内的氧气是？',
      options: [
        ['充足', false, '那是氧化焰。'],
        ['不足', true, '还原焰缺氧，釉中的铁呈青色。'],
        ['与烧成无关', false],
      ],
    },
    {
      kind: 'multiple',
      prompt: '下列哪些是上釉前要做的？',
      options: [
        ['清除坯体灰尘', true],
        ['素烧', true],
        ['把坯泡在水里一夜', false, '坯会泡散。'],
      ],
    },
    {
      kind: 'true_false',
      prompt: '釉层越厚，成品越不容易流釉。',
      answer: false,
      explanation: '釉越厚越易流。',
    },
    {
      kind: 'photo',
      prompt: '哪一件是生烧（欠火）的？',
      options: [
        ['釉面干涩无光', true, '#b9ab8f'],
        ['釉面光亮温润', false, '#7fa6a0'],
        ['釉面均匀有开片', false, '#cfd8d2'],
      ],
    },
  ],
}

const practiceQuiz = (field: string): DemoLesson => ({
  kind: 'quiz',
  title: field === 'en' ? 'Quick check' : '小测验',
  questions:
    field === 'en'
      ? [
          {
            kind: 'single',
            prompt: 'What matters most in the first month?',
            options: [
              ['Daily practice, even if short', true, 'Yes: little and often.'],
              ['Expensive tools', false, 'Tools help later.'],
              ['Learning every technique at once', false],
            ],
          },
          { kind: 'true_false', prompt: 'Mistakes are part of the craft.', answer: true },
        ]
      : [
          {
            kind: 'single',
            prompt: '入门第一个月，最重要的是？',
            options: [
              ['每天练习，哪怕很短', true, '对：少量多次。'],
              ['买最贵的工具', false, '工具以后再说。'],
              ['一次学会所有技法', false],
            ],
          },
          { kind: 'true_false', prompt: '出错是学艺的一部分。', answer: true },
        ],
})

const intro = (craft: string, detail: string) =>
  `## 为什么学${craft}\n\n${detail}\n\n- 每天二十分钟\n- 先慢后快\n- 多看多问\n\n> 师傅领进门，修行在个人。`

export const DEMO_COURSES: DemoCourse[] = [
  {
    master: 'master@example.com',
    field: 'ceramics',
    title: '陶艺零基础入门',
    subtitle: '从揉泥到第一只碗',
    language: 'zh-CN',
    level: 'beginner',
    priceFen: 0,
    cover: '#8a5a3b',
    description:
      '三十年拉坯经验的林师傅，带你从**揉泥**开始，做出自己的第一只碗。\n\n适合从未碰过泥的人。',
    outcomes: ['正确揉泥、定中心', '拉出一只碗', '了解素烧与釉烧'],
    requirements: ['一块旧毛巾', '能弄脏的衣服'],
    sections: [
      {
        title: '准备',
        lessons: [
          { kind: 'video', title: '欢迎与工具', seconds: 6, preview: true, hue: 20 },
          {
            kind: 'text',
            title: '揉泥的方法',
            body: intro('陶艺', '揉泥排出气泡，让泥的软硬一致：羊头揉、菊花揉各有所长。'),
          },
        ],
      },
      {
        title: '拉坯与上釉',
        lessons: [
          { kind: 'video', title: '定中心', seconds: 8, hue: 30 },
          {
            kind: 'text',
            title: '釉的基础',
            body: '## 釉是什么\n\n釉是覆在坯体上的一层玻璃质。\n\n1. 素烧\n2. 施釉\n3. 釉烧',
          },
          glazeQuiz,
        ],
      },
    ],
    learners: [
      ['apprentice@example.com', 2],
      ['learner@example.com', 5],
    ],
  },
  {
    master: 'master@example.com',
    field: 'ceramics',
    title: 'Glazing basics',
    subtitle: 'Celadon, tenmoku and your first glaze tests',
    language: 'en',
    level: 'intermediate',
    priceFen: 0,
    cover: '#7fa6a0',
    description:
      'Mix, apply and fire glazes with confidence. Master Lin explains what happens in the kiln, test tile by test tile.',
    outcomes: ['Mix a base glaze', 'Dip, pour and brush', 'Read a test tile'],
    requirements: ['Bisque-fired pieces', 'Access to a kiln'],
    sections: [
      {
        title: 'Glaze chemistry, gently',
        lessons: [
          {
            kind: 'text',
            title: 'What a glaze is',
            preview: true,
            body: '## Glass on clay\n\nA glaze is **glass** bonded to the clay body: silica, flux and alumina.\n\n- Silica forms the glass\n- Flux melts it\n- Alumina stiffens it',
          },
          { kind: 'video', title: 'Dipping a bowl', seconds: 6, hue: 170 },
          glazeQuiz,
        ],
      },
    ],
  },
  {
    master: 'master@example.com',
    field: 'ceramics',
    title: '柴烧进阶：窑与火',
    subtitle: '三天三夜的火候',
    language: 'zh-CN',
    level: 'advanced',
    priceFen: 29900,
    cover: '#5a3b2a',
    description: '柴窑装窑、投柴、看火。**付费课程**：购买后即可学习，结业可获证书。',
    outcomes: ['装窑', '投柴节奏', '判断落灰'],
    requirements: ['有拉坯基础'],
    sections: [
      {
        title: '窑',
        lessons: [
          { kind: 'video', title: '柴窑的结构', seconds: 6, preview: true, hue: 10 },
          { kind: 'text', title: '装窑', body: '## 装窑\n\n前松后紧，留出火路。' },
        ],
      },
    ],
  },
  {
    master: 'calligrapher@example.com',
    field: 'calligraphy',
    title: '颜体楷书入门',
    subtitle: '从《多宝塔碑》开始',
    language: 'zh-CN',
    level: 'beginner',
    priceFen: 0,
    cover: '#222222',
    description: '王老师二十年教学经验，从**执笔**、**基本笔画**到结字。',
    outcomes: ['正确执笔', '八种基本笔画', '临写整字'],
    requirements: ['毛笔一支', '毛边纸'],
    sections: [
      {
        title: '执笔与笔画',
        lessons: [
          { kind: 'video', title: '执笔五字法', seconds: 6, preview: true, hue: 0 },
          {
            kind: 'text',
            title: '永字八法',
            body: intro('书法', '“永”字八笔，涵盖楷书的基本笔画。'),
          },
          practiceQuiz('zh'),
        ],
      },
    ],
    // the bench's signed-in user (master@example.com) learns here as a calligraphy apprentice
    learners: [
      ['apprentice@example.com', 3],
      ['master@example.com', 1],
    ],
  },
  {
    master: 'calligrapher@example.com',
    field: 'calligraphy',
    title: 'Running script for beginners',
    subtitle: 'Xingshu, stroke by stroke',
    language: 'en',
    level: 'all_levels',
    priceFen: 0,
    cover: '#5a3a1a',
    description: 'Learn how regular script strokes flow into **running script**.',
    outcomes: ['Connect strokes', 'Keep a steady rhythm'],
    requirements: ['Some regular-script practice'],
    sections: [
      {
        title: 'Flow',
        lessons: [
          {
            kind: 'text',
            title: 'From kaishu to xingshu',
            preview: true,
            body: '## Flow\n\nRunning script keeps the skeleton of regular script and lets strokes touch.',
          },
          { kind: 'video', title: 'Brush rhythm', seconds: 6, hue: 40 },
          practiceQuiz('en'),
        ],
      },
    ],
  },
  ...(
    [
      [
        'tea-master@example.com',
        'tea',
        '识茶泡茶入门',
        '六大茶类与一席茶',
        '#6b7d3a',
        '茶艺',
        '从绿茶到黑茶，认识六大茶类，学会用盖碗泡一泡好茶。',
      ],
      [
        'tea-master@example.com',
        'tea',
        'Gongfu tea at home',
        'Brew oolong the slow way',
        '#8c6b2f',
        'en',
        'Warm the pot, rinse the leaves, pour in circles: gongfu brewing explained.',
      ],
      [
        'wood-master@example.com',
        'woodworking',
        '榫卯入门',
        '不用一颗钉子',
        '#9c6b3c',
        '木工',
        '燕尾榫、直榫、格肩榫：画线、锯、凿。',
      ],
      [
        'wood-master@example.com',
        'woodworking',
        'Hand-cut dovetails',
        'Saw, chisel, fit',
        '#7a5230',
        'en',
        'Mark, saw and chop a through dovetail with hand tools only.',
      ],
      [
        'embroidery-master@example.com',
        'embroidery',
        '苏绣基础针法',
        '平针、套针与乱针',
        '#b4455a',
        '刺绣',
        '苏绣讲究平、齐、细、密、匀、顺、和、光。',
      ],
      [
        'embroidery-master@example.com',
        'embroidery',
        'Suzhou embroidery stitches',
        'Satin and long-short stitch',
        '#a03a52',
        'en',
        'The stitches behind Suzhou embroidery, slowly.',
      ],
      [
        'cooking-master@example.com',
        'cooking',
        '家常刀工',
        '切丝、切片与滚刀',
        '#c0632b',
        '烹饪',
        '刀工是中餐的基本功：握刀、站姿与常用刀法。',
      ],
      [
        'cooking-master@example.com',
        'cooking',
        'Wok heat basics',
        'Wok hei at home',
        '#9b3d1f',
        'en',
        'Control wok heat on a home stove.',
      ],
      [
        'photo-master@example.com',
        'photography',
        '光线与构图',
        '用手机拍好作品',
        '#3d5a80',
        '摄影',
        '自然光、三分法，让作品照片更好看。',
      ],
      [
        'photo-master@example.com',
        'photography',
        'Photographing your craft',
        'Light your work like a pro',
        '#2b4262',
        'en',
        'Window light, a white card and a steady hand.',
      ],
      [
        'guqin-master@example.com',
        'guqin',
        '古琴入门',
        '指法与减字谱',
        '#4a3b2a',
        '古琴',
        '散音、按音、泛音：认识古琴三种音色。',
      ],
      [
        'guqin-master@example.com',
        'guqin',
        'Reading guqin tablature',
        'Jianzipu explained',
        '#3a2e22',
        'en',
        'How the reduced-character notation encodes finger, string and position.',
      ],
    ] as const
  ).map(([master, field, title, subtitle, cover, craft, detail]) => {
    const en = craft === 'en'
    return {
      master,
      field,
      title,
      subtitle,
      language: en ? ('en' as const) : ('zh-CN' as const),
      level: 'beginner' as const,
      priceFen: 0,
      cover,
      description: detail,
      outcomes: en
        ? ['The basics, step by step', 'A first piece of your own']
        : ['循序渐进的基本功', '完成第一件作品'],
      requirements: en ? ['Curiosity'] : ['一颗好奇心'],
      sections: [
        {
          title: en ? 'Getting started' : '开始',
          lessons: [
            {
              kind: 'video' as const,
              title: en ? 'Welcome' : '欢迎',
              seconds: 5,
              preview: true,
              hue: title.length * 37,
            },
            {
              kind: 'text' as const,
              title: en ? 'First steps' : '第一步',
              body: en
                ? `## First steps\n\n${detail}\n\n- Practise daily\n- Ask questions`
                : intro(craft, detail),
            },
            practiceQuiz(en ? 'en' : 'zh'),
          ],
        },
      ],
    }
  }),
]

/** Masters of the other fields, for their demo courses (password demo-password). */
export const DEMO_COURSE_MASTERS: [email: string, name: string, field: string, headline: string][] =
  [
    ['tea-master@example.com', '陈老师', 'tea', '武夷山茶人，二十年'],
    ['wood-master@example.com', '张师傅', 'woodworking', '苏式家具，榫卯三十年'],
    ['embroidery-master@example.com', '刘老师', 'embroidery', '苏绣传承人'],
    ['cooking-master@example.com', '赵师傅', 'cooking', '淮扬菜厨师'],
    ['photo-master@example.com', '周老师', 'photography', '器物摄影'],
    ['guqin-master@example.com', '吴老师', 'guqin', '虞山派琴人'],
  ]
