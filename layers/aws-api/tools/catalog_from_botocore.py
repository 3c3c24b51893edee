# Writes the catalog files (catalog/<service>.json) from botocore's service models: member names, types,
# wire names and required flags come from botocore; risk, resources and actions are the review, kept here.
# Usage: python3 layers/aws-api/tools/catalog_from_botocore.py layers/aws-api/src/main/resources/catalog
import gzip, json, glob, os, sys
BASE='/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/botocore/data'
OUT=sys.argv[1]
def model(svc, ver):
    return json.load(gzip.open(f'{BASE}/{svc}/{ver}/service-2.json.gz'))
TYPES={'string':'string','integer':'integer','long':'integer','boolean':'boolean','timestamp':'timestamp','blob':'blob',
       'list':'list','map':'map','structure':'structure','double':'number','float':'number'}
def member(m, shapes, name, ref, req, nested=None, ec2=False, query=False):
    shape=shapes[ref['shape']]
    t=TYPES[shape['type']]
    out={'type':t}
    if req: out['required']=True
    loc=ref.get('location')
    if loc:
        out['location']=loc
    wire=None
    if ec2:
        wire = ref.get('queryName') or (ref.get('locationName','')[:1].upper()+ref.get('locationName','')[1:] if ref.get('locationName') else None)
    elif loc in ('uri','querystring','header') or query:
        wire = ref.get('locationName')
    if wire and wire!=name: out['wireName']=wire
    if nested:
        target=shape
        if shape['type']=='list': target=shapes[shape['member']['shape']]
        sub={}
        for n,r in target['members'].items():
            sub[n]=member(m,shapes,n,r,n in target.get('required',[]),nested.get(n) if isinstance(nested,dict) else None,ec2,query)
        out['members']=sub
    return out
def op_input(m, op, exclude=(), nested={}, extra_required=()):
    shapes=m['shapes']; o=m['operations'][op]
    if 'input' not in o: return {}
    s=shapes[o['input']['shape']]
    ec2 = m['metadata']['protocol']=='ec2'; query=m['metadata']['protocol']=='query'
    res={}
    for n,r in s['members'].items():
        if n in exclude: continue
        res[n]=member(m,shapes,n,r,n in s.get('required',[]) or n in extra_required,nested.get(n),ec2,query)
    return res
def build(svc, ver, meta, ops):
    m=model(svc,ver)
    out={'service':svc,'signingName':meta.get('signingName',svc),'protocol':meta['protocol'],
         'jsonTargetPrefix':meta.get('jsonTargetPrefix',''),'apiVersion':meta.get('apiVersion',''),'operations':{}}
    for name,cfg in ops.items():
        o=m['operations'][name]
        http=o['http']
        e={'http':{'method':http['method'],'requestUri':http['requestUri']},'risk':cfg['risk'],'resourceScoped':cfg.get('resourceScoped',True),
           'input':op_input(m,name,cfg.get('exclude',()),cfg.get('nested',{}),cfg.get('required',())),
           'resources':cfg.get('resources',[]),'actions':cfg.get('actions',[]),'maskPaths':cfg.get('maskPaths',[]),
           'classifier':cfg.get('classifier'),'policyFacts':cfg.get('policyFacts',{})}
        out['operations'][name]=e
    with open(f'{OUT}/{svc}.json','w') as f:
        json.dump(out,f,indent=2); f.write('\n')
def R(arn, actions, writes=False, required=True):
    return {'arn':arn,'actions':actions,'writes':writes,'required':required}
DDB='arn:{partition}:dynamodb:{region}:{account}:table/'
build('dynamodb','2012-08-10',{'protocol':'json-1.0','jsonTargetPrefix':'DynamoDB_20120810'},{
 'GetItem':{'risk':'read','resources':[R(DDB+'{TableName}',['dynamodb:GetItem'])]},
 'Query':{'risk':'read','resources':[R(DDB+'{TableName}',['dynamodb:Query']),R(DDB+'{TableName}/index/{IndexName}',['dynamodb:Query'],False,False)]},
 'Scan':{'risk':'read','resources':[R(DDB+'{TableName}',['dynamodb:Scan']),R(DDB+'{TableName}/index/{IndexName}',['dynamodb:Scan'],False,False)]},
 'PutItem':{'risk':'write','resources':[R(DDB+'{TableName}',['dynamodb:PutItem'],True)]},
 'UpdateItem':{'risk':'write','resources':[R(DDB+'{TableName}',['dynamodb:UpdateItem'],True)]},
 'DeleteItem':{'risk':'destructive','resources':[R(DDB+'{TableName}',['dynamodb:DeleteItem'],True)]},
 'BatchGetItem':{'risk':'read','resources':[R(DDB+'{RequestItems.*}',['dynamodb:BatchGetItem'])]},
 'BatchWriteItem':{'risk':'destructive','resources':[R(DDB+'{RequestItems.*}',['dynamodb:BatchWriteItem'],True)]},
 'DescribeTable':{'risk':'read','resources':[R(DDB+'{TableName}',['dynamodb:DescribeTable'])]},
 'ExecuteStatement':{'risk':'write','classifier':'partiql'},
})
SQS='arn:{partition}:sqs:{region}:{account}:{QueueUrl|sqs-queue-name}'
build('sqs','2012-11-05',{'protocol':'json-1.0','jsonTargetPrefix':'AmazonSQS'},{
 'SendMessage':{'risk':'write','resources':[R(SQS,['sqs:SendMessage'],True)]},
 'ReceiveMessage':{'risk':'read','resources':[R(SQS,['sqs:ReceiveMessage'])]},
 'DeleteMessage':{'risk':'destructive','resources':[R(SQS,['sqs:DeleteMessage'],True)]},
 'PurgeQueue':{'risk':'destructive','resources':[R(SQS,['sqs:PurgeQueue'],True)]},
})
INST='arn:{partition}:ec2:{region}:{account}:instance/{InstanceIds[]}'
build('ec2','2016-11-15',{'protocol':'ec2','apiVersion':'2016-11-15'},{
 'DescribeInstances':{'risk':'read','resourceScoped':False,'actions':['ec2:DescribeInstances'],'nested':{'Filters':True}},
 'StartInstances':{'risk':'write','resources':[R(INST,['ec2:StartInstances'],True)]},
 'StopInstances':{'risk':'write','resources':[R(INST,['ec2:StopInstances'],True)]},
 'TerminateInstances':{'risk':'destructive','resources':[R(INST,['ec2:TerminateInstances'],True)]},
})
PARAM='arn:{partition}:ssm:{region}:{account}:parameter/'
build('ssm','2014-11-06',{'protocol':'json-1.1','jsonTargetPrefix':'AmazonSSM'},{
 'GetParameter':{'risk':'read','resources':[R(PARAM+'{Name|ssm-parameter}',['ssm:GetParameter'])],'maskPaths':['Parameter.Value'],'classifier':'ssm-secure-string'},
 'GetParameters':{'risk':'read','resources':[R(PARAM+'{Names[]|ssm-parameter}',['ssm:GetParameters'])],'maskPaths':['Parameters[].Value'],'classifier':'ssm-secure-string'},
 # Targets (tag-based) would run on instances the call does not name: refused by leaving it out.
 'SendCommand':{'risk':'privilege','classifier':'shell-command','exclude':('Targets',),'required':('InstanceIds',),
   'resources':[R('arn:{partition}:ec2:{region}:{account}:instance/{InstanceIds[]}',['ssm:SendCommand'],True),
                R('arn:{partition}:ssm:{region}::document/{DocumentName}',['ssm:SendCommand'],False)]},
})
LG='arn:{partition}:logs:{region}:{account}:log-group:'
build('logs','2014-03-28',{'protocol':'json-1.1','jsonTargetPrefix':'Logs_20140328'},{
 'FilterLogEvents':{'risk':'read','resources':[R(LG+'{logGroupName}',['logs:FilterLogEvents'],False,False),R(LG+'{logGroupIdentifier|logs-group}',['logs:FilterLogEvents'],False,False)]},
 'GetLogEvents':{'risk':'read','resources':[R(LG+'{logGroupName}',['logs:GetLogEvents'],False,False),R(LG+'{logGroupIdentifier|logs-group}',['logs:GetLogEvents'],False,False),
   R(LG+'{logGroupName}:log-stream:{logStreamName}',['logs:GetLogEvents'],False,False),R(LG+'{logGroupIdentifier|logs-group}:log-stream:{logStreamName}',['logs:GetLogEvents'],False,False)]},
})
build('sts','2011-06-15',{'protocol':'query','apiVersion':'2011-06-15'},{
 'GetCallerIdentity':{'risk':'read','resourceScoped':False,'actions':['sts:GetCallerIdentity']},
})
