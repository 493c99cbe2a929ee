// simulation 视图的中文措辞，键与 simulation-en.ts 一一对应。

import type { Catalog } from '../catalog-en';

export const simulationZh: Catalog['simulation'] = {
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
  stepBack: '↶ 后退一步',
  steps_one: '已走 {{count}} 步',
  steps_other: '已走 {{count}} 步',
  clock: '虚拟时钟',
  secondsToAdvance: '要前进的秒数',
  advance: '前进',
  keepalive: '服务端每 {{ping}} 秒发一次 Ping，最后一个 Pong 之后 {{pong}} 秒仍无回应就断开 TCP。<rfc/>',
  noKeepalive: '这个场景没有心跳保活：时间本身不会改变任何东西。',
  units: { unit: '单元', request: '升级请求', response: '应答', fin: 'FIN', frame: '帧' },
  restOf: '这个{{what}}剩下的部分',
  whole: '整个{{what}}',
};
