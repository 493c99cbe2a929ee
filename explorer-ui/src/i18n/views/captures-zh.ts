// captures 视图的中文措辞，键与 captures-en.ts 一一对应。

import type { Catalog } from '../catalog-en';

export const capturesZh: Catalog['captures'] = {
  title: '抓包文件',
  intro: '打开常见的抓包文件：Wireshark 或 tcpdump 的文件（pcap、pcapng）、从浏览器开发者工具导出的 HAR 文件，或者在这里保存的会话。文件里的每个 TCP 会话都会被识别出来；WebSocket 会话的显示方式和实时会话一样：先是升级请求 <rfc4/>，然后是双向的每一帧 <rfc52/>，并标上抓包时记录的时间。文件在本页读取，而且不占用主线程；不会上传任何内容。',
  loadingSession: '正在读取会话的帧…',
  openFile: '打开文件',
  chooseFile: '选择文件…',
  fileLabel: '抓包文件',
  dropHint: '也可以把文件拖到这个视图的任意位置：pcap、pcapng、HAR，或者保存为 JSON 的会话。',
  readingLabel: '正在读取 {{name}}',
  decoding: '{{name}} 的 {{packets}} 个数据包已全部读完；正在把每个会话按顺序拼回去并找出其中的帧…',
  reading: '正在读取 {{name}}：已读 {{read}} MB，共 {{size}} MB，{{packets}} 个数据包',
  inPage: '（在本页里读取：这个浏览器在这里不肯启动 worker）',
  failed: '无法读取 {{name}}：{{reason}}',
  packetCounts: '（TCP {{tcp}} 个，其他 {{other}} 个）',
  conversations_one: '{{count}} 个会话',
  conversations_other: '{{count}} 个会话',
  readIn: ' · 读取用时 {{seconds}} 秒',
  notes_one: '关于这个文件的 {{count}} 条提示',
  notes_other: '关于这个文件的 {{count}} 条提示',
  kinds: { pcap: 'pcap', pcapng: 'pcapng', har: 'HAR（HTTP 存档）', 'saved-session': '保存的会话' },
  savePcap: '保存为 pcap',
  savePcapTitle: 'Wireshark 能打开的 pcap 文件：双向的字节，外面包上一条 TCP 连接',
  saveJson: '保存为 JSON',
  saveJsonTitle: '抓包文件视图能再次打开的 JSON 文件',
};
