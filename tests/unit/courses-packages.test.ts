/**
 * SCORM and cmi5 packages (functions/courses/domain/packages.ts): zip entry paths, and manifests
 * written the way the standards' samples write them (ADL's SCORM 1.2 and 2004 packages, the cmi5
 * specification's course structure), each refusal naming what is wrong.
 */
import { describe, expect, it } from 'vitest';
import {
  missingLaunchFiles,
  parseCmi5,
  parseScormManifest,
  safeEntryPath,
} from '../../functions/courses/domain/packages.ts';

const scorm12 = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.sgd.atgt" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>An toàn giao thông &amp; kĩ năng</title>
      <item identifier="I-1" identifierref="R-1"><title>Bài 1: Luật giao thông</title></item>
      <item identifier="I-2">
        <title>Chương 2</title>
        <item identifier="I-2a" identifierref="R-2" parameters="lesson=2"><title>Bài 2: Biển báo</title></item>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="R-1" type="webcontent" adlcp:scormtype="sco" href="bai1/index.html">
      <file href="bai1/index.html"/>
    </resource>
    <resource identifier="R-2" type="webcontent" adlcp:scormtype="asset" href="bai2/trang%20chu.html">
      <file href="bai2/trang chu.html"/>
    </resource>
  </resources>
</manifest>`;

const scorm2004 = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="vn.edu.mn17" version="1.3"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="second">
    <organization identifier="first"><title>Nháp</title>
      <item identifier="x" identifierref="r0"><title>Không dùng</title></item>
    </organization>
    <organization identifier="second"><title>GVMN 17: Giáo dục bảo vệ môi trường</title>
      <item identifier="m1" identifierref="r1"><title>Mở đầu</title></item>
    </organization>
  </organizations>
  <resources xml:base="content/">
    <resource identifier="r0" type="webcontent" adlcp:scormType="sco" href="draft.html"/>
    <resource identifier="r1" type="webcontent" adlcp:scormType="sco" xml:base="m1/" href="start.html"/>
  </resources>
</manifest>`;

const cmi5 = `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://edu.example.gov.vn/courses/cds">
    <title><langstring lang="en-US">Digital transformation</langstring><langstring lang="vi-VN">Chuyển đổi số</langstring></title>
    <description><langstring lang="vi-VN">Mô-đun bắt buộc</langstring></description>
  </course>
  <au id="https://edu.example.gov.vn/au/intro" moveOn="Completed">
    <title><langstring lang="vi-VN">Giới thiệu</langstring></title>
    <url>intro/index.html</url>
  </au>
  <block id="https://edu.example.gov.vn/block/1">
    <title><langstring lang="vi-VN">Phần 1</langstring></title>
    <au id="https://edu.example.gov.vn/au/quiz" moveOn="Passed" masteryScore="0.5">
      <title><langstring lang="vi-VN">Kiểm tra</langstring></title>
      <url>quiz/index.html?mode=test</url>
    </au>
  </block>
</courseStructure>`;

describe('zip entry paths', () => {
  it('keeps relative paths, normalised', () => {
    expect(safeEntryPath('bai1/index.html')).toBe('bai1/index.html');
    expect(safeEntryPath('./bai1//img/./a.png')).toBe('bai1/img/a.png');
    expect(safeEntryPath('Bài giảng/trang 1.html')).toBe('Bài giảng/trang 1.html');
  });

  it('refuses what climbs out, is absolute, uses backslashes or drive letters, or hides characters', () => {
    for (const bad of [
      '../evil.js',
      'a/../../evil.js',
      'a/..',
      '/etc/passwd',
      'C:/x',
      'a\\..\\b',
      'a\u0000.html',
      '',
      '.',
      'x'.repeat(401),
    ])
      expect(safeEntryPath(bad), JSON.stringify(bad)).toBeUndefined();
  });
});

describe('SCORM manifests', () => {
  it('reads SCORM 1.2: the title, and the items that launch, in order, nested ones too', () => {
    const result = parseScormManifest(scorm12);
    expect(result).toEqual({
      ok: true,
      manifest: {
        standard: 'scorm12',
        title: 'An toàn giao thông & kĩ năng',
        units: [
          { id: 'I-1', title: 'Bài 1: Luật giao thông', launch: 'bai1/index.html', kind: 'sco' },
          { id: 'I-2a', title: 'Bài 2: Biển báo', launch: 'bai2/trang%20chu.html?lesson=2', kind: 'asset' },
        ],
      },
    });
    if (result.ok)
      expect(
        missingLaunchFiles(result.manifest, new Set(['bai1/index.html', 'bai2/trang chu.html'])),
      ).toEqual([]);
  });

  it('reads SCORM 2004: the default organization, with the resources’ xml:base', () => {
    const result = parseScormManifest(scorm2004);
    expect(result.ok && result.manifest).toEqual({
      standard: 'scorm2004',
      title: 'GVMN 17: Giáo dục bảo vệ môi trường',
      units: [{ id: 'm1', title: 'Mở đầu', launch: 'content/m1/start.html', kind: 'sco' }],
    });
  });

  it('says what is wrong with a bad manifest', () => {
    const code = (xml: string) => {
      const r = parseScormManifest(xml);
      return r.ok ? 'ok' : r.text.code;
    };
    expect(code('<manifest><metadata>')).toBe('courses.package-not-xml');
    expect(code('<package/>')).toBe('courses.package-no-root');
    expect(code(scorm12.replace('<schemaversion>1.2', '<schemaversion>1.1'))).toBe(
      'courses.package-scorm-version',
    );
    expect(code(scorm12.replace('default="ORG-1"', 'default="ORG-9"'))).toBe(
      'courses.package-no-organization',
    );
    expect(code(scorm12.replace('identifierref="R-2"', 'identifierref="R-9"'))).toBe(
      'courses.package-missing-resource',
    );
    expect(code(scorm12.replace('href="bai1/index.html">', '>'))).toBe('courses.package-no-launch');
    expect(code(scorm12.replace(/identifierref="R-\d"/g, ''))).toBe('courses.package-no-sco');
    const broken = parseScormManifest('<manifest>\n<metadata>\n</manifest>');
    expect(!broken.ok && broken.text.params).toMatchObject({ file: 'imsmanifest.xml', line: 3 });
  });

  it('finds launch files the package lacks, and launches that climb out', () => {
    const result = parseScormManifest(scorm12.replace('href="bai1/index.html">', 'href="../../x.html">'));
    if (!result.ok) throw new Error(result.text.message);
    expect(missingLaunchFiles(result.manifest, new Set(['bai1/index.html'])).map((t) => t.code)).toEqual([
      'courses.package-unsafe-path',
      'courses.package-file-missing',
    ]);
  });
});

describe('cmi5 course structures', () => {
  it('reads the course’s Vietnamese title and its AUs through blocks, with moveOn and mastery', () => {
    const result = parseCmi5(cmi5);
    expect(result.ok && result.manifest).toEqual({
      standard: 'cmi5',
      title: 'Chuyển đổi số',
      units: [
        {
          id: 'https://edu.example.gov.vn/au/intro',
          title: 'Giới thiệu',
          launch: 'intro/index.html',
          kind: 'au',
          moveOn: 'Completed',
        },
        {
          id: 'https://edu.example.gov.vn/au/quiz',
          title: 'Kiểm tra',
          launch: 'quiz/index.html?mode=test',
          kind: 'au',
          moveOn: 'Passed',
          masteryScore: 0.5,
        },
      ],
    });
    if (result.ok)
      expect(missingLaunchFiles(result.manifest, new Set(['intro/index.html', 'quiz/index.html']))).toEqual(
        [],
      );
  });

  it('says what is wrong with an AU', () => {
    const field = (xml: string) => {
      const r = parseCmi5(xml);
      return r.ok ? 'ok' : `${r.text.code} ${String(r.text.params?.field ?? '')}`.trim();
    };
    expect(field(cmi5.replace('moveOn="Passed"', 'moveOn="Finished"'))).toBe(
      'courses.package-au-field moveOn',
    );
    expect(field(cmi5.replace('masteryScore="0.5"', 'masteryScore="50"'))).toBe(
      'courses.package-au-field masteryScore',
    );
    expect(field(cmi5.replace('<url>intro/index.html</url>', ''))).toBe('courses.package-au-field url');
    expect(field('<courseStructure><course id="x"/></courseStructure>')).toBe('courses.package-no-au');
    expect(field(scorm12)).toBe('courses.package-no-root');
  });
});
