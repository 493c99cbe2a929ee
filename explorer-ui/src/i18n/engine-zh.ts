// The engine's wording in Chinese, keyed by the engine's own ids: close codes
// by number (engine/close.ts), rules by kind (engine/problem.ts,
// engine/frame-rules.ts), field explanations, UTF-8 reasons and opcodes by
// the sentence family engine-wording.ts recognises. {{…}} are the values the
// engine's English carries (offsets, lengths, codes), read out of it.
//
// The types below list every registered close code and every rule kind, so
// one added to the engine without its Chinese does not compile.

import type { RegisteredCloseCode } from '../../../engine/close';
import type { NoteKind, ProblemKind } from '../../../engine/problem';

interface CloseCodeText {
  name: string;
  meaning: string;
  advice: string;
}

export interface EngineCatalog {
  closeCodes: Record<RegisteredCloseCode, CloseCodeText>;
  closeRanges: Record<'Unused' | 'Protocol' | 'Registered' | 'Private', { name: string; meaning: string }>;
  closeCodeByRange: Record<'registered' | 'private' | 'outside', CloseCodeText> & { undefined: { name: string; advice: string } };
  closeCodeOutside: string;
  closeSources: { iana: string; widened: string };
  problems: Record<ProblemKind | NoteKind | 'message-too-big-inflated', string>;
  utf8: Record<'bad-continuation' | 'ends-inside' | 'lone-continuation' | 'overlong' | 'never', string>;
  fields: Record<
    | 'fin-final' | 'fin-more' | 'rsv1-compressed' | 'rsv1-not-compressed' | 'rsv1-set' | 'rsv-set' | 'rsv-clear' | 'opcode'
    | 'mask-set' | 'mask-clear' | 'length-16' | 'length-64' | 'length-7' | 'extended-length' | 'masking-key' | 'payload',
    string
  >;
  remainder: Record<'second-byte' | 'extended-length' | 'masking-key' | 'payload', string>;
  opcodes: Record<'continuation' | 'text' | 'binary' | 'close' | 'ping' | 'pong' | 'reserved', string>;
  deflate: Record<
    | 'not-deflate' | 'no-value' | 'window-too-small' | 'several-answers' | 'unoffered-client-bits' | 'answer-needs-value'
    | 'unknown-parameter' | 'twice' | 'needs-value' | 'bad-window',
    string
  >;
  http: Record<
    | 'too-long' | 'bare-cr' | 'empty-first-line' | 'leading-whitespace' | 'too-many-headers' | 'method-only' | 'no-version'
    | 'not-a-version' | 'unsupported-version' | 'no-colon' | 'space-before-colon' | 'empty-name' | 'never-ends'
    | 'bare-lf' | 'leading-empty-line' | 'obs-fold' | 'method-start' | 'in-method' | 'no-target' | 'in-target' | 'status-code'
    | 'after-status' | 'in-reason' | 'in-header-name' | 'in-header-value',
    string
  >;
  build: Record<
    | 'reserved-opcode' | 'fragmented-control' | 'long-control' | 'not-16-bit' | 'key-length' | 'key-hex' | 'payload-hex'
    | 'reason-without-code' | 'code-too-big' | 'long-reason',
    string
  >;
  hex: Record<'not-digit' | 'not-digit-dump' | 'odd-group' | 'prefix-alone' | 'short-escape' | 'odd-value' | 'star' | 'not-byte' | 'too-big' | 'where', string>;
  handshake: {
    titles: Record<string, string>;
    expected: Record<string, string>;
    found: Record<string, string>;
    failure: string;
  };
  words: {
    frameKind: Record<'control' | 'data' | 'non-control', string>;
    dataKind: Record<'control' | 'application', string>;
    payloadMasked: string;
    payloadArrived: string;
    httpMessage: Record<'request' | 'response', string>;
    /** An offending byte in an HTTP head, as the parser names it. */
    byte: Record<'cr' | 'lf' | 'nul' | 'space' | 'tab' | 'control' | 'non-ascii' | 'char' | 'line-end', string>;
  };
}

export const engineZh: EngineCatalog = {
  closeCodes: {
    1000: {
      name: '正常关闭',
      meaning: '建立连接的目的已经达成，连接正常结束。',
      advice: '没有出错：对端只是用完了这条连接。',
    },
    1001: {
      name: '端点离开',
      meaning: '有一端要离开了：比如服务器正在下线，或者浏览器离开了当前页面。',
      advice: '服务关闭或页面卸载时都会出现；如果还需要连接，稍后重连即可。',
    },
    1002: {
      name: '协议错误',
      meaning: '端点因为协议错误而终止连接。',
      advice: '有一方发送了 RFC 禁止的帧；把最后几帧拿来解码，就能看出违反了哪条规则。',
    },
    1003: {
      name: '不支持的数据类型',
      meaning: '端点收到了它无法接受的数据类型（例如只认文本的一端收到了二进制数据）。',
      advice: '按对端期望的类型（文本或二进制）发送消息。',
    },
    1004: {
      name: '保留',
      meaning: '保留码，具体含义留待将来定义。',
      advice: '任何关闭帧里都不能用它；对端发了它，应回以 1002。',
    },
    1005: {
      name: '未收到状态码',
      meaning: '关闭帧里没有携带状态码时，向应用报告这个码。它从不出现在线路上。',
      advice: '对端发了一个空的关闭帧：干净地关闭了，只是没说原因。它不会出现在帧里；哪个帧带了它，就该回以 1002。',
    },
    1006: {
      name: '异常关闭',
      meaning: '连接在没有任何关闭帧的情况下断开时，向应用报告这个码。它从不出现在线路上。',
      advice: 'TCP 连接断了，没有经过关闭握手：可能是进程崩溃、网络中断、代理超时，或者握手本身就失败了。问题要到 WebSocket 下面去找（TCP、TLS、代理）。',
    },
    1007: {
      name: '无效的帧载荷数据',
      meaning: '端点收到的数据与消息类型不符，例如文本消息里出现了非 UTF-8 数据。',
      advice: '某条文本消息或关闭原因不是合法的 UTF-8；检查发送方是怎么编码文本的。',
    },
    1008: {
      name: '违反策略',
      meaning: '端点收到的消息违反了它的策略（没有更合适的码时使用的通用码）。',
      advice: '应用拒绝了这条消息；原因文本通常会说明为什么。',
    },
    1009: {
      name: '消息过大',
      meaning: '端点收到的消息太大，无法处理。',
      advice: '把消息拆小，或者调高接收方的大小上限。',
    },
    1010: {
      name: '缺少必需的扩展',
      meaning: '客户端期望服务端协商一个或多个扩展，但服务端没有协商。',
      advice: '只有客户端会发送这个码；原因文本里列出了它需要的扩展。',
    },
    1011: {
      name: '内部错误',
      meaning: '服务端遇到意外情况，无法完成请求。',
      advice: '服务端出了 bug 或故障；去查它的日志。',
    },
    1012: {
      name: '服务重启',
      meaning: '服务端正在重启。',
      advice: '随机等待一小段时间后重连。',
    },
    1013: {
      name: '稍后重试',
      meaning: '服务端暂时无法提供服务，例如负载过高。',
      advice: '稍后重连，并逐次拉长重试间隔（退避）。',
    },
    1014: {
      name: '网关错误',
      meaning: '网关或代理从上游服务器收到了无效的响应。',
      advice: '问题出在代理后面；检查上游服务器。',
    },
    1015: {
      name: 'TLS 握手失败',
      meaning: 'TLS 握手失败（例如证书无法验证）时，向应用报告这个码。它从不出现在线路上。',
      advice: '修正证书或 TLS 配置；双方一个 WebSocket 帧都还没交换过。',
    },
    3000: {
      name: '未授权',
      meaning: '端点要求对端先进行身份验证，相当于 HTTP 401。',
      advice: '先登录，或者带上服务要求的凭据，再重新连接。',
    },
    3003: {
      name: '禁止访问',
      meaning: '端点认得对端，但不允许它做所请求的事，相当于 HTTP 403。',
      advice: '重连也没用；账号或令牌缺少相应权限。',
    },
    3008: {
      name: '超时',
      meaning: '端点等对端等得太久，相当于 HTTP 408。',
      advice: '有什么卡住了（某个回复、某次心跳）；重新连接，并查查慢在哪里。',
    },
  },
  closeRanges: {
    Unused: { name: '未使用', meaning: '不使用（7.4.2）。关闭帧里不得出现。' },
    Protocol: {
      name: '协议保留',
      meaning: '保留给本协议、它的修订版以及有公开规范的扩展使用（7.4.2）。关闭帧里只能出现目前已定义的码；1016–2999 尚未分配。',
    },
    Registered: {
      name: '注册使用',
      meaning: '供库、框架和应用使用，每个码先到先得地向 IANA 注册（7.4.2）。IANA 目前列出了 3000 未授权、3003 禁止访问和 3008 超时；没有列出的码在线路上照样合法，含义以定义它的库为准。',
    },
    Private: {
      name: '私有使用',
      meaning: '供私有使用（7.4.2）：这些码不能注册，含义由两端的应用自行约定。应用想在 1000–1015 之外说明关闭原因时，就从这里挑选。',
    },
  },
  closeCodeByRange: {
    registered: {
      name: '库或框架定义的关闭码',
      meaning: '这是库和框架向 IANA 注册使用的号段里的码；IANA 没有为它列出含义。',
      advice: '查阅发送它的库或服务的文档；原因文本也许会说得更多。',
    },
    private: {
      name: '私有关闭码',
      meaning: '这是私有号段里的码：含义由通信双方的应用自行约定。',
      advice: '看原因文本，或者查阅发送它的应用的文档。',
    },
    undefined: {
      name: '未定义（{{range}}号段）',
      advice: '任何一端都不得发送它：对端发了就是违反协议，应回以 1002。',
    },
    outside: {
      name: '超出范围',
      meaning: '关闭码是 16 位的值，但 7.4.2 只为 5000 以下的码划定了用途；这个码不在其中。',
      advice: '任何一端都不得发送它：对端发了就是违反协议，应回以 1002。',
    },
  },
  closeCodeOutside: '在 0–4999 之外',
  closeSources: {
    iana: 'IANA WebSocket 关闭码注册表',
    widened: '（后经 IANA 放宽为两端均可发送）',
  },
  problems: {
    'rsv-without-extension': 'RSV{{bit}} 被置位，但双方并没有协商任何赋予它含义的扩展',
    'reserved-opcode': '操作码 0x{{opcode}} 是为将来的{{kind}}帧保留的，任何一端都不得发送',
    'fragmented-control-frame': '{{opcode}} 帧是控制帧，控制帧不允许分片，但这里 FIN 为 0',
    'continuation-without-message': '收到延续帧，但当前并没有正在分片传输的消息',
    'compressed-control-frame': '{{opcode}} 帧是控制帧，permessage-deflate 从不压缩控制帧，但这里 RSV1 被置位',
    'compressed-continuation': '延续帧上置了 RSV1：permessage-deflate 只在压缩消息的第一帧上置 RSV1',
    'data-frame-inside-message': '一条分片传输的 {{current}} 消息还没结束，又开始了一条新的 {{opcode}} 消息：这里应该是延续帧',
    'unmasked-client-frame': '客户端发给服务端的每一帧都必须加掩码，但这里 MASK 为 0',
    'masked-server-frame': '服务端发给客户端的帧一律不得加掩码，但这里 MASK 为 1',
    'control-frame-too-long': '{{opcode}} 帧是控制帧，载荷最多 {{max}} 字节，但它的 7 位长度字段是 {{length7}}：后面还跟着 {{bits}} 位的扩展长度',
    'length-most-significant-bit': '64 位载荷长度的最高位必须为 0',
    'length-beyond-2-53': '64 位载荷长度达到或超过 2^53：没有哪个端点装得下（ws 同样拒收）',
    'non-minimal-length': '{{length}} 字节的长度用 {{fits}} 位就能表示，却放在了 {{sent}} 位的扩展长度里；长度必须用最短的形式编码',
    'close-payload-one-byte': '关闭帧的载荷只有 1 个字节：关闭帧的主体要么为空，要么以 2 字节的状态码开头',
    'frame-too-big': '帧载荷有 {{length}} 字节，超过了接收方 {{limit}} 字节的单帧上限',
    'message-too-big': '这条消息将增长到 {{length}} 字节，超过了接收方 {{limit}} 字节的消息上限',
    'message-too-big-inflated': '这条消息解压后超过了 {{limit}} 字节的上限',
    'close-code-not-sendable': '关闭码 {{code}}（{{name}}）不得出现在关闭帧里',
    'invalid-close-reason': '关闭原因不是合法的 UTF-8：{{reason}}',
    'invalid-utf8': '文本不是合法的 UTF-8：{{reason}}',
    'invalid-compressed-data': '压缩数据不是合法的 DEFLATE 数据（{{detail}}）',
    'internal-error': '处理收到的字节时发生内部错误：{{detail}}',
  },
  utf8: {
    'bad-continuation': '字节 0x{{byte}} 不能接在多字节序列后面（应在 0x{{lower}}–0x{{upper}} 之间）',
    'ends-inside': '文本在一个码点的中间结束了（还缺 {{count}} 个后续字节）',
    'lone-continuation': '字节 0x{{byte}} 是后续字节，前面却没有可以接续的序列',
    overlong: '字节 0x{{byte}} 只能作为过长编码（overlong）的首字节',
    never: '字节 0x{{byte}} 在 UTF-8 中根本不会出现',
  },
  fields: {
    'fin-final': '最后一个分片：这一帧结束了它所在的消息',
    'fin-more': '这条消息后面还有分片',
    'rsv1-compressed': '置位：一条压缩消息从这里开始（permessage-deflate，RFC 7692 第 6 节）',
    'rsv1-not-compressed': '未压缩（permessage-deflate 用 RSV1 标记压缩消息）',
    'rsv1-set': '置位：只有协商了扩展（例如 RFC 7692 的 permessage-deflate）才有意义',
    'rsv-set': '置位：只有协商好的扩展定义了它才有意义',
    'rsv-clear': '保留给扩展使用；没有协商扩展时为 0',
    opcode: '0x{{hex}} {{name}}：{{meaning}}',
    'mask-set': '载荷用紧随其后的 4 字节掩码键做了掩码（客户端发往服务端的每一帧都如此）',
    'mask-clear': '载荷没有掩码（服务端发往客户端的每一帧都如此）',
    'length-16': '126：真正的长度在接下来的 16 位里',
    'length-64': '127：真正的长度在接下来的 64 位里',
    'length-7': '{{length}}：载荷有 {{length}} 字节',
    'extended-length': '载荷共 {{length}} 字节（{{bits}} 位无符号整数，网络字节序）',
    'masking-key': '载荷的第 i 个字节与掩码键的第 i mod 4 个字节做异或（{{key}}）',
    payload: '{{length}} 字节的{{kind}}数据{{masked}}{{arrived}}',
  },
  remainder: {
    'second-byte': '帧头的第二个字节（MASK 位和 7 位长度）',
    'extended-length': '{{bits}} 位扩展载荷长度的另外 {{count}} 个字节',
    'masking-key': '掩码键的另外 {{count}} 个字节，然后是 {{length}} 字节的载荷',
    payload: '另外 {{count}} 个载荷字节（共 {{length}} 字节，已到 {{arrived}} 字节）',
  },
  opcodes: {
    continuation: '延续帧：正在传输的消息的下一个分片',
    text: '文本帧：载荷是 UTF-8 文本',
    binary: '二进制帧：载荷是任意字节',
    close: '关闭帧：可选的 2 字节关闭码，后面跟 UTF-8 编码的原因',
    ping: 'Ping 帧：对端必须回一个载荷相同的 Pong 帧',
    pong: 'Pong 帧：回应 Ping，也可以不请自来，当作单向心跳',
    reserved: '保留给将来的{{kind}}帧；接收方必须使连接失败',
  },
  deflate: {
    'not-deflate': '"{{name}}" 不是 permessage-deflate',
    'no-value': '{{name}} 不带值（RFC 7692 7.1.1）',
    'window-too-small': '它要求服务器用 {{bits}} 位的窗口，而这个服务器压缩时至少用 9 位',
    'several-answers': '服务器在应答里给了 {{count}} 个 permessage-deflate 扩展；只允许恰好一个',
    'unoffered-client-bits': '服务器设置了 client_max_window_bits，可客户端并没有提出它（RFC 7692 7.1.2.2）',
    'answer-needs-value': '应答里的 client_max_window_bits 必须带一个 8 到 15 的值（RFC 7692 7.1.2.2）',
    'unknown-parameter': '未知参数 "{{name}}"（RFC 7692 7.1：应拒绝这个请求）',
    twice: '{{name}} 出现了两次（RFC 7692 7.1：应拒绝这个请求）',
    'needs-value': '{{name}} 必须带一个 8 到 15 的值（RFC 7692 7.1.2）',
    'bad-window': '{{name}}={{value}} 不是 8 到 15 位之间的窗口大小（RFC 7692 7.1.2）',
  },
  http: {
    'too-long': '头部在 {{limit}} 字节（上限）之内还没结束；直接拒绝，不再缓冲',
    'bare-cr': '单独的回车符（CR）后面没有换行符（LF）（RFC 9112 2.2）',
    'empty-first-line': '消息以空行开头，而不是起始行',
    'leading-whitespace': '紧跟在起始行后面的一行以空白开头（RFC 9112 2.2）；它接续不了任何头部',
    'too-many-headers': '头部字段超过了 {{limit}} 个（上限）',
    'method-only': '请求行在方法之后就结束了；应为 "METHOD target HTTP/1.1"',
    'no-version': '请求行里没有 HTTP 版本（是 HTTP/0.9 的请求吗？）',
    'not-a-version': '"{{version}}" 不是 HTTP 版本；应为 HTTP/1.1',
    'unsupported-version': '这里不支持 {{version}}；WebSocket 握手用的是 HTTP/1.1（RFC 6455 4.1）',
    'no-colon': '头部行 "{{line}}" 里没有冒号',
    'space-before-colon': '头部名称和冒号之间有空白（RFC 9112 5.1 要求回 400）',
    'empty-name': '头部行的名称为空',
    'never-ends': '{{what}}头部一直没有结束',
    'bare-lf': '第 {{line}} 行（偏移 {{offset}}）只用了 LF 换行；HTTP/1.1 用的是 CRLF，不过 RFC 9112 2.2 允许接收方接受单独的 LF',
    'leading-empty-line': '请求行之前的第 {{line}} 行是空行，已忽略（RFC 9112 2.2）',
    'obs-fold': '第 {{line}} 行把 "{{name}}" 头折到了新的一行（obs-fold，RFC 9112 5.2）；已用一个空格拼回',
    'method-start': '请求行必须以方法开头，这里却是{{byte}}',
    'in-method': '方法里出现了{{byte}}；方法后面应当紧跟一个空格',
    'no-target': '方法后面应当是请求目标，这里却是{{byte}}',
    'in-target': '请求目标里出现了{{byte}}',
    'status-code': '"{{version}} " 后面应当是三位数的状态码，这里却是 "{{code}}"',
    'after-status': '状态码后面是{{byte}}；应当是一个空格',
    'in-reason': '原因短语里出现了{{byte}}',
    'in-header-name': '头部名称里出现了{{byte}}',
    'in-header-value': '头部的值里出现了{{byte}}（RFC 9110 5.5）',
  },
  build: {
    'reserved-opcode': '操作码 0x{{opcode}} 是保留的（RFC 6455 5.2）；一定要构造它，请勾选“允许构造任何一端都不得发送的帧”',
    'fragmented-control': '控制帧不允许分片（RFC 6455 5.5）；一定要构造这样的帧，请勾选“允许构造任何一端都不得发送的帧”',
    'long-control': '控制帧的载荷有 {{length}} 字节，最多只能有 {{max}} 字节（RFC 6455 5.5）；一定要构造它，请勾选“允许构造任何一端都不得发送的帧”',
    'not-16-bit': '{{length}} 字节的载荷放不进 16 位的长度字段',
    'key-length': '掩码键是 4 个字节（RFC 6455 5.3）；这个有 {{length}} 个字节',
    'key-hex': '掩码键：{{error}}',
    'payload-hex': '载荷：{{error}}',
    'reason-without-code': '关闭原因前面必须先有状态码（RFC 6455 5.5.1）',
    'code-too-big': '关闭码 {{code}} 放不进 16 位',
    'long-reason': '关闭原因有 {{length}} 字节；控制帧里最多只能放 {{max}} 字节（RFC 6455 5.5）',
  },
  hex: {
    'not-digit': '“{{character}}” 不是十六进制数字',
    'not-digit-dump': '“{{character}}” 不是十六进制数字（它在转储行里 ASCII 列的前面）',
    'odd-group': '十六进制分组 "{{group}}" 的位数是奇数',
    'prefix-alone': '"{{prefix}}" 后面必须跟十六进制数字',
    'short-escape': '"\\x{{digits}}" 需要两位十六进制数字',
    'odd-value': '"{{value}}" 的十六进制位数是奇数（{{count}} 位）',
    star: '“*” 是 hexdump 表示“与上一行相同”的记号，无法展开（请改用 hexdump -v）',
    'not-byte': '数组元素 "{{element}}" 不是一个字节（0x00–0xff 或 0–255）',
    'too-big': '数组元素 "{{element}}" 的值是 {{value}}，一个字节装不下（最大 255）',
    where: '第 {{line}} 行第 {{column}} 列：{{what}}',
  },
  handshake: {
    titles: {
      method: '请求方法是 GET',
      'http-version': 'HTTP/1.1 或更高版本',
      host: '恰好一个 Host 头',
      connection: 'Connection 包含 "upgrade" 令牌',
      upgrade: 'Upgrade 包含 "websocket"',
      'websocket-version': 'Sec-WebSocket-Version 为 {{version}}',
      key: 'Sec-WebSocket-Key 是 16 字节的 base64',
      origin: 'Origin 在允许之列',
      subprotocol: '选择子协议',
      extensions: '扩展协商请求能正确解析',
      'client-status': '状态码为 101 Switching Protocols',
      'client-upgrade': 'Upgrade 为 "websocket"',
      'client-connection': 'Connection 包含 "upgrade"',
      'client-accept': 'Sec-WebSocket-Accept 与所发的密钥相符',
      'client-extensions': '扩展只能从客户端提供的里面选',
      'client-subprotocol': '子协议只能从客户端提供的里面选',
    },
    expected: {
      'http-version': 'HTTP/1.1 或更高版本',
      host: '恰好一个 Host 头，写的是服务器的主机和端口（否则 RFC 9112 3.2 要求回 400）',
      connection: 'Connection 头里列出 "Upgrade" 这个令牌（不区分大小写，在列表中哪个位置都行，例如 "keep-alive, Upgrade"）',
      'client-connection': 'Connection 头里列出 "Upgrade" 这个令牌（不区分大小写）',
      upgrade: 'Upgrade: websocket（不区分大小写）',
      'websocket-version': 'Sec-WebSocket-Version: {{version}}；否则回 426，并用 "Sec-WebSocket-Version: {{version}}" 告诉客户端服务器支持的版本',
      key: '恰好一个 Sec-WebSocket-Key：24 个 base64 字符，编码 16 个随机字节',
      'origin-custom': '服务器的策略所允许的源',
      origin: '没有 Origin，或者 Origin 的主机和端口与 Host 相同（同源策略）',
      subprotocol: '客户端提供的子协议都是合法的令牌（token）；服务器最多从中选一个作答',
      extensions: 'Sec-WebSocket-Extensions 符合 9.1 节的语法；服务器可以全部接受、接受一部分，或者一个也不接受',
      'client-status': '101；其他任何状态码都按普通 HTTP 处理（拒绝、重定向或要求认证）',
      'client-accept': 'Sec-WebSocket-Accept: {{accept}}（把 "{{key}}" 和 GUID 拼起来取 SHA-1，再做 base64）',
      'client-extensions': '客户端提供的 {{list}} 中的一部分',
      'client-extensions-none': '没有 Sec-WebSocket-Extensions（客户端一个也没提供）',
      'client-subprotocol': '不选，或者恰好选 {{list}} 中的一个',
      'client-subprotocol-none': '没有 Sec-WebSocket-Protocol（客户端一个也没提供）',
    },
    found: {
      'no-header': '没有 {{name}} 头',
      'several-headers': '{{count}} 个 {{name}} 头：{{list}}',
      'empty-host': 'Host 头是空的',
      'no-origin': '没有 Origin 头（不是浏览器；允许）',
      'no-version': '没有 Sec-WebSocket-Version 头（也许是 RFC 6455 之前的客户端，比如 hixie-76？）',
      'key-ok': 'Sec-WebSocket-Key: {{key}}（16 字节）',
      'no-subprotocol-offered': '客户端没有提供子协议；不选',
      'subprotocol-chosen': '客户端提供了 {{offered}}；选了 "{{chosen}}"（其中服务器最优先的那个）',
      'subprotocol-none': '客户端提供了 {{offered}}；服务器支持 {{speaks}}，所以一个也不选（是否继续由客户端决定）',
      'no-extensions-offered': '客户端没有提供扩展',
      'extensions-none-accepted': '客户端提供了 {{offered}}；一个也没接受',
      'extensions-accepted': '客户端提供了 {{offered}}；接受了 "{{accepted}}"',
      'no-subprotocol-chosen': '没有选择子协议',
      'no-extensions': '没有使用扩展',
      'unoffered-extension': '服务器用了 {{names}}，可客户端并没有提供',
    },
    failure: '{{title}}：实际为 {{found}}；应为 {{expected}}（RFC 6455 {{rfc}}）',
  },
  words: {
    frameKind: { control: '控制', data: '数据', 'non-control': '非控制' },
    dataKind: { control: '控制', application: '应用' },
    payloadMasked: '，已加掩码',
    payloadArrived: '；已到达 {{arrived}} 字节',
    httpMessage: { request: '请求', response: '应答' },
    byte: {
      cr: '回车符（CR）',
      lf: '换行符（LF）',
      nul: ' NUL 字节',
      space: '空格',
      tab: '制表符',
      control: '控制字节 {{hex}}',
      'non-ascii': '非 ASCII 字节 {{hex}}',
      char: ' "{{char}}"',
      'line-end': '行尾',
    },
  },
};
