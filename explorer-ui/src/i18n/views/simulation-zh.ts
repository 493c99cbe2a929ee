// simulation 视图的中文措辞，键与 simulation-en.ts 一一对应。
//
// `engine` 一节只有中文：它是引擎在这个视图里说的话（场景标题和简介、线路上
// 每个单元的标签、两端的记录、读取器在等什么、引擎拒绝执行的原因）。这些话的
// 英文就是引擎自己写的（engine/simulation.ts、engine/simulation-scenarios.ts），
// features/simulation/simulation-wording.ts 按引擎写它们的句式认出句子、取出
// 其中的值，再填进这里的中文。{{…}} 就是取出的值。

import type { Catalog } from '../catalog-en';

/** 引擎在模拟视图里说的话，只有中文；键由 simulation-wording.ts 的句式表决定。 */
export interface SimulationEngineCatalog {
  /** 按场景 id（engine/simulation-scenarios.ts，以及视图自己的 free）。 */
  scenarios: Record<string, { title: string; summary: string }>;
  /** 按操作码名（engine/opcode.ts）。 */
  frames: Record<'continuation' | 'text' | 'binary' | 'close' | 'ping' | 'pong' | 'reserved', string>;
  labels: Record<
    | 'upgrade-request' | 'switching-protocols' | 'upgrade-refused' | 'fin-handshake-failed' | 'fin-in-turn' | 'fin-pong-timeout'
    | 'fin-over' | 'by-hand' | 'bytes' | 'auto-pong' | 'keepalive-ping' | 'close-failing' | 'close-echo' | 'close-start'
    | 'frame-fin' | 'frame-more' | 'frame' | 'first-of-three' | 'second-fragment' | 'last-fragment' | 'rsv2-broken' | 'not-utf8'
    | 'builder' | 'builder-frame',
    string
  >;
  notes: Record<
    | 'refused' | 'request-malformed' | 'response-malformed' | 'refuses-upgrade' | 'client-fails' | 'checks-passed' | 'accept-ok'
    | 'peer-closed' | 'no-pong',
    string
  >;
  reader: Record<
    | 'tcp-closed' | 'waiting-request' | 'waiting-response' | 'reading-request' | 'reading-response' | 'ws-closed'
    | 'header-first' | 'header-second' | 'extended-length' | 'masking-key' | 'payload' | 'failed',
    string
  >;
  refusals: Record<'not-open' | 'after-close' | 'close-before-open' | 'close-code' | 'control-too-long' | 'fragments' | 'not-hex' | 'time-forward', string>;
  words: { noCode: string; rsvSet: string; masked: string; notMasked: string };
}

export const simulationZh: Catalog['simulation'] & { engine: SimulationEngineCatalog } = {
  title: '模拟：两个端点，一条线路',
  intro: '一个客户端和一个服务端，各自都是引擎自己的 <code>Connection</code>，中间连着一条由你逐字节投递的线路。先走建立连接的握手 <rfc4/>，再传帧 <rfc52/>：看两端的读取器怎样等待下一个字段、回应 Ping、回送关闭帧。',
  refused: '引擎拒绝了：{{message}}',
  scenario: '场景',
  startAgain: '重新开始',
  controls: '投递与时间',
  nextByte: '下一个字节',
  nextByteTitle: '最先写出的那个单元的下一个字节',
  deliverAll: '全部投递',
  pause: '❚❚ 暂停',
  play: '▶ 播放',
  everyByte: '每个字节间隔',
  speed: '播放速度',
  milliseconds: '{{ms}} 毫秒',
  stepBack: '↶ 后退一步',
  steps_one: '已走 {{count}} 步',
  steps_other: '已走 {{count}} 步',
  clock: '虚拟时钟',
  seconds: '{{seconds}} 秒',
  advanceBy: '+{{seconds}} 秒',
  secondsToAdvance: '要前进的秒数',
  advance: '前进',
  keepalive: '服务端每 {{ping}} 秒发一次 Ping，最后一个 Pong 之后 {{pong}} 秒仍无回应就断开 TCP。<rfc/>',
  noKeepalive: '这个场景没有心跳保活：时间本身不会改变任何东西。',
  units: { unit: '单元', request: '升级请求', response: '应答', fin: 'FIN', frame: '帧' },
  restOf: '这个{{what}}剩下的部分',
  whole: '整个{{what}}',
  count: {
    bytes_one: '{{n}} 字节',
    bytes_other: '{{n}} 字节',
    units_one: '{{n}} 个单元',
    units_other: '{{n}} 个单元',
  },
  sides: { client: '客户端', server: '服务端' },
  side: {
    noAutoPong: '不自动回 Pong',
    noAutoPongTitle: '这个端点不回应 Ping（5.5.2 要求必须回应）',
    readerIs: '它的读取器：',
    owes: '还没被对方读走的',
    owesCount: '（{{units}}还在线路上）',
    owesNothing: '没有：它写出的一切都已被对方读完。',
    noBytes: '没有字节',
    toGo: '还剩 {{bytes}}',
    act: '操作',
    log: '它报告了什么',
    logHint: '（事件和记录，按时间先后）',
    logEmpty: '还没有。',
  },
  standing: {
    connectingClient: '建立连接的握手正在进行：101 应答到达之前，不收发任何帧。',
    connectingServer: '建立连接的握手正在进行：读完请求并作出应答之前，不收发任何帧。',
    open: '已打开：消息可以双向流动。',
    closingLocal: '正在关闭：它已发出关闭帧，正在等对方的关闭帧（7.1.2）。',
    closingRemote: '正在关闭：它收到了关闭帧，并已回送。',
    closed: '已关闭',
    closedWith: '以 {{code}} 关闭',
    closedLocal: '{{closed}}；是这一端先发出关闭帧的。',
    closedRemote: '{{closed}}；是对方先发出关闭帧的。',
    closedAbnormal: '{{closed}}：TCP 断开了，没有经过关闭握手（7.1.5）。',
    closedNoWebSocket: '{{closed}}：WebSocket 连接从未建立。',
  },
  log: {
    text: '消息（文本）',
    binary: '消息（二进制，{{bytes}}）',
    ping: 'Ping（{{bytes}}）',
    pong: 'Pong（{{bytes}}）',
    closeNoCode: '收到不带关闭码的关闭帧（应用看到的是 1005）',
    closeReceived: '收到关闭帧：{{code}}',
    protocolError: '协议错误：{{message}}；以 {{code}} 使连接失败',
    closed: '已关闭：{{code}}，{{how}}{{first}}',
    clean: '干净关闭',
    notClean: '非干净关闭',
    firstLocal: '，这一端先关闭',
    firstRemote: '，对方先关闭',
    moreBytes: ' …（还有 {{count}} 字节）',
  },
  actions: {
    kinds: {
      text: '文本消息',
      binary: '二进制消息（十六进制）',
      ping: 'Ping',
      pong: 'Pong（不请自来）',
      close: '关闭帧',
      raw: '直接放上线路的字节（十六进制）',
      builder: '构造器里的帧',
    },
    send: '发送',
    putOnWire: '放上线路',
    sendFromClient: '从客户端发送',
    sendFromServer: '从服务端发送',
    messageText: '消息文本',
    messageHex: '消息字节（十六进制）',
    in: '分成',
    frames: '帧',
    fragments: '帧数',
    payloadLabel: '载荷文本（最多 125 字节）',
    payloadPlaceholder: '载荷（可不填，最多 125 字节）',
    code: '关闭码',
    codeLabel: '关闭码',
    reason: '原因',
    reasonLabel: '关闭原因',
    rawHex: '十六进制字节',
    rawHintClient: '这些字节原样放上线路，不做任何检查，也不加掩码：服务端会把它们当作客户端发来的帧来读。',
    rawHintServer: '这些字节原样放上线路，不做任何检查，也不加掩码：客户端会把它们当作服务端发来的帧来读。',
    changeInBuilder: '到构造器里修改',
    builderCannot: '构造器构造不出它的帧：{{problem}}',
    fragmentsError: '帧数要填整数：1 表示整条消息放在一帧里，3 表示拆成三帧（5.4）。',
    codeError: '关闭码是一个数字，例如 1000；留空则发送不带关闭码的关闭帧。',
  },
  reading: {
    nothing: '还什么都没收到。',
    lastRead: '刚读完：{{label}}',
    reading: '正在读：{{label}}',
    allIn: '（{{bytes}}，已全部到达）',
    progress: '（{{bytes}}中已到 {{in}} 字节）',
    finEnd: 'TCP 的流结束标志：这个方向不会再有字节过来了。',
    nextByte: '下一个字节',
    showFirstLine: '只显示第一行',
    showWholeHead: '显示完整的头部',
    opcode: '操作码 {{opcode}}（{{name}}）',
    length: '长度 {{length}}',
    notInYet: '尚未到达',
    inSoFar: '目前到了 {{bytes}}',
    noField: '还没有一个字段是完整的：第 0 字节装着 FIN、RSV1-3 和操作码。<rfc/>',
    payload: '载荷：',
    payloadSoFar: '目前收到的载荷：',
    payloadUnmasked: '载荷（已去掩码）：',
    payloadSoFarUnmasked: '目前收到的载荷（已去掩码）：',
  },
  wire: {
    title: '线路',
    lanes: { 'to-server': '客户端 → 服务端', 'to-client': '服务端 → 客户端' },
    empty: '线路上没有东西',
    onWire: '线路上有 {{units}}',
    nextFromHere: '，下一个投递的字节就从这里出发',
    arrived: '✓ 已到达：{{label}}',
    next: '下一个',
    finNoBytes: '没有字节：TCP 的流结束标志',
    delivered: '{{bytes}}中已投递 {{delivered}} 字节',
    before: '前面还有 {{count}} 字节 …',
    after: '… 后面还有 {{count}} 字节',
    marks: { next: '下一个', justRead: '刚读到' },
    byteTitle: '第 {{offset}} 字节：0x{{hex}}{{names}} · {{where}}',
    where: {
      delivered: '已投递',
      next: '下一个投递',
      onWire: '在线路上',
      read: '已读',
      justRead: '刚读到',
      notArrived: '尚未到达',
    },
  },
  engine: {
    scenarios: {
      echo: {
        title: '一条消息和它的回复',
        summary: '客户端发出加了掩码的 "Hello"，服务端不加掩码地回复。逐字节推进，看两端怎样先解析帧头、再读载荷。',
      },
      'fragmented-with-ping': {
        title: '分片消息，分片之间夹着一个 Ping',
        summary: '客户端把一条文本消息拆成三帧发送，并在前两帧之间插了一个 Ping。服务端不等消息收齐，立刻回应这个 Ping。',
      },
      'client-closes': {
        title: '客户端发起关闭',
        summary: '客户端发出关闭码 1000；服务端回送关闭帧，并且先关闭 TCP，这正是 7.1.1 对服务端的要求。',
      },
      'server-closes': {
        title: '服务端发起关闭',
        summary: '服务端发出关闭码 1001（端点离开）；客户端回送关闭帧，服务端收到回送后关闭 TCP。',
      },
      'both-close': {
        title: '双方同时关闭',
        summary: '双方都在看到对方的关闭帧之前发出了自己的关闭帧。谁都不再回送：各自把对方的关闭帧当作回应，并报告自己收到的那个关闭码。',
      },
      'protocol-error': {
        title: '一个违反规则的帧',
        summary: '客户端往线路上放了一个置了 RSV2 的帧，而双方并没有协商任何定义它的扩展。第 0 字节一到，服务端就以 1002 使连接失败。',
      },
      'invalid-utf8': {
        title: '不是 UTF-8 的文本',
        summary: '客户端发出一个文本帧，载荷里有字节 0xFF，这个字节在 UTF-8 里永远不会出现。服务端读到它就以 1007 使连接失败。',
      },
      'too-big': {
        title: '超出上限的消息',
        summary: '服务端只接受不超过 64 字节的消息，客户端却发来 100 字节。长度字段一到，服务端就以 1009 使连接失败，根本不等载荷到达。',
      },
      'keepalive-timeout': {
        title: '心跳保活：没有 Pong，就没有连接',
        summary: '服务端每 54 秒发一次 Ping，最后一个 Pong 之后 60 秒仍无回应就放弃，和 gorilla 的 command 示例一样。这个客户端不回应 Ping。拨快时钟：54 秒时发出一个 Ping，60 秒时服务端断开 TCP，两端看到的都是 1006。',
      },
      free: {
        title: '不预设脚本：只有握手',
        summary: '线路上只有建立连接的握手。把它投递过去，然后从任意一端发送消息、Ping 和关闭帧，或者往线路上放一些坏字节，看另一端怎样读它们。',
      },
    },
    frames: {
      continuation: '延续帧',
      text: '文本帧',
      binary: '二进制帧',
      close: '关闭帧',
      ping: 'Ping 帧',
      pong: 'Pong 帧',
      reserved: '保留操作码 0x{{hex}} 的帧',
    },
    labels: {
      'upgrade-request': '升级请求（GET {{path}}，Sec-WebSocket-Key {{key}}）',
      'switching-protocols': '101 Switching Protocols 应答，带 Sec-WebSocket-Accept',
      'upgrade-refused': '{{status}}：拒绝升级',
      'fin-handshake-failed': 'TCP FIN：握手失败，连接到此结束',
      'fin-in-turn': 'TCP FIN：这一端也随之关闭',
      'fin-pong-timeout': 'TCP FIN：服务端等不到 Pong，放弃了',
      'fin-over': 'TCP FIN：这一端的连接已经结束',
      'by-hand': '手工放上线路的字节',
      bytes: '字节',
      'auto-pong': 'Pong：对 Ping 的自动回应（5.5.2）',
      'keepalive-ping': 'Ping：心跳保活，每个 pingPeriod 发一次',
      'close-failing': '关闭帧（{{code}}）：使连接失败（7.1.7）',
      'close-echo': '关闭帧（{{code}}）：回送对端的关闭帧（5.5.1）',
      'close-start': '关闭帧（{{code}}）：发起关闭握手',
      'frame-fin': '{{frame}}，FIN {{fin}}',
      'frame-more': '{{frame}}，FIN 0（后面还有分片）',
      frame: '{{frame}}',
      'first-of-three': '文本帧，FIN 0：三个分片中的第一个',
      'second-fragment': '延续帧，FIN 0：第二个分片',
      'last-fragment': '延续帧，FIN 1：最后一个分片',
      'rsv2-broken': '置了 RSV2 的文本帧：故意做坏的',
      'not-utf8': '含有 0xFF 的文本帧：不是 UTF-8',
      builder: '来自构造器',
      'builder-frame': '来自构造器：{{frame}}，FIN {{fin}}{{rsv}}，{{mask}}',
    },
    notes: {
      refused: '拒绝执行：{{message}}',
      'request-malformed': '请求头格式有误：{{message}}；回以 {{status}}',
      'response-malformed': '应答头格式有误：{{message}}；使连接失败',
      'refuses-upgrade': '拒绝升级：{{reason}}',
      'client-fails': '使连接失败：{{reason}}',
      'checks-passed': '各项检查全部通过；已写出 101 应答，Sec-WebSocket-Accept 为 {{accept}}',
      'accept-ok': '101 应答核对无误：Sec-WebSocket-Accept 为 {{accept}}，和用自己的密钥算出的一致',
      'peer-closed': 'TCP：对方关闭了连接',
      'no-pong': '{{ms}} 毫秒内没有等到 Pong：断开连接',
    },
    reader: {
      'tcp-closed': '不再读取，TCP 连接已经关闭',
      'waiting-request': '在等 HTTP 升级请求',
      'waiting-response': '在等服务端的 HTTP 应答',
      'reading-request': '在读 HTTP 升级请求：已收到 {{count}} 字节，正等着标志头部结束的空行（CR LF CR LF）',
      'reading-response': '在读服务端的 HTTP 应答：已收到 {{count}} 字节，正等着标志头部结束的空行（CR LF CR LF）',
      'ws-closed': '不再读取，WebSocket 连接已经关闭',
      'header-first': '在等帧头的前 2 个字节（FIN、RSV1-3、操作码、MASK、7 位长度）',
      'header-second': '在等帧头的第 2 个字节（MASK 位和 7 位长度）',
      'extended-length': '在等 {{bits}} 位扩展载荷长度，还差 {{count}} 字节',
      'masking-key': '在等掩码键，还差 {{count}} 字节',
      payload: '在读载荷：共 {{length}} 字节，已收到 {{received}} 字节，还差 {{needed}} 字节',
      failed: '已经失败：{{problem}}；流里剩下的字节全部丢弃',
    },
    refusals: {
      'not-open': '在 CONNECTING 状态下调用了 {{call}}()：握手还没完成，得先调用 open()',
      'after-close': '在 {{state}} 状态下调用了 {{call}}()：发出关闭帧之后，就什么都不能再发送了（RFC 6455 5.5.1）',
      'close-before-open': '在 open() 之前调用了 close()：握手还没完成时，应当拒绝这次握手，而不是关闭',
      'close-code': '关闭码 {{code}} 不能放进关闭帧里发送（RFC 6455 7.4）',
      'control-too-long': '{{what}} 的载荷有 {{length}} 字节；控制帧最多只能携带 {{max}} 字节（RFC 6455 5.5）',
      fragments: '帧数必须是整数，不能是 {{value}}',
      'not-hex': '不是十六进制：{{error}}',
      'time-forward': '时间只能往前走，不能走 {{ms}} 毫秒',
    },
    words: {
      noCode: '无关闭码',
      rsvSet: '，{{bit}} 置位',
      masked: '已加掩码',
      notMasked: '未加掩码',
    },
  },
};
